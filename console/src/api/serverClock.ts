/**
 * The server's clock, as the countdowns need it: deadlines and alert levels are counted by the
 * engine's clock, and a desk computer's clock on an intranet may be minutes (or, on a test
 * server, weeks) away from it. Asked once per session (`serverTime`); the offset is taken at
 * the middle of the round trip and added to the browser's clock from then on.
 */
import { useEffect, useState } from 'react';
import { gql, useClient, type Client } from 'urql';

const SERVER_TIME = gql`query ConsoleServerTime { serverTime }`;

let offset: number | null = null;
let asking: Promise<void> | null = null;

function measure(client: Client): Promise<void> {
  asking ??= (async () => {
    const sent = Date.now();
    const res = await client.query(SERVER_TIME, {}, { requestPolicy: 'network-only' }).toPromise();
    const received = Date.now();
    if (res.data?.serverTime) offset = new Date(res.data.serverTime).getTime() - (sent + received) / 2;
    else asking = null; // ask again on the next page
  })();
  return asking;
}

/** Now on the server's clock, in ms; null until it is known (the countdowns wait for it). */
export function useServerNow(): number | null {
  const client = useClient();
  const [, setKnown] = useState(offset !== null);
  useEffect(() => {
    if (offset === null) void measure(client).then(() => setKnown(offset !== null));
  }, [client]);
  return offset === null ? null : Date.now() + offset;
}
