/**
 * The text the history chain hashes (src/engine/chain.ts). Every stored hash was computed over
 * this exact text: any change to it, however it is computed, breaks the chain of every stored
 * history, so the text is pinned here character by character.
 */
import { canonicalJson } from '../../src/engine/chain';

test('canonical JSON sorts keys by UTF-16 code units at every level, drops undefined members and writes dates as ISO text', () => {
  const sample = {
    z: 1,
    // eslint-disable-next-line no-sparse-arrays
    a: [3, undefined, , null, { y: 'é', b: true }],
    ä: { '10': 'ten', '9': 'nine', B: 'upper', b: 'lower' },
    gone: undefined,
    at: new Date('2026-12-03T08:00:00.000Z'),
    bad: new Date(NaN),
    '😀': '\u2028"quoted"\\',
    n: -0.5e-7,
    empty: {},
    none: [],
  };
  expect(canonicalJson(sample)).toBe("{\"a\":[3,null,null,null,{\"b\":true,\"y\":\"é\"}],\"at\":\"2026-12-03T08:00:00.000Z\",\"bad\":null,\"empty\":{},\"n\":-5e-8,\"none\":[],\"z\":1,\"ä\":{\"10\":\"ten\",\"9\":\"nine\",\"B\":\"upper\",\"b\":\"lower\"},\"😀\":\" \\\"quoted\\\"\\\\\"}");
});

test('canonical JSON of plain values is their JSON text', () => {
  expect([null, 'text', 0, true, undefined].map(canonicalJson)).toEqual(['null', '"text"', '0', 'true', 'null']);
});
