/**
 * A form generated from an event's JSON Schema (as the API publishes it): strings (long ones
 * as text areas, dates as date pickers, enums as choices), numbers, booleans, lists of
 * strings, nested objects. Empty optional fields are left out of the payload.
 */
import { useState, type FormEvent } from 'react';
import { fieldLabel } from '../fieldLabels';

type Values = Record<string, any>;

const isDate = (s: any) => s?.type === 'string' && (s.format === 'date' || s.pattern === '^\\d{4}-\\d{2}-\\d{2}$');

function initial(schema: any): Values {
  const out: Values = {};
  for (const [k, s] of Object.entries<any>(schema?.properties ?? {})) {
    if (s.type === 'object') out[k] = initial(s);
    else if (s.type === 'boolean') out[k] = s.default ?? false;
    else if (s.type === 'array') out[k] = (s.default ?? []).join('、');
    else out[k] = s.default != null ? String(s.default) : '';
  }
  return out;
}

/** The payload from the form's values, typed by the schema; empty optional values omitted. */
export function payloadOf(schema: any, values: Values): Values {
  const out: Values = {};
  for (const [k, s] of Object.entries<any>(schema?.properties ?? {})) {
    const v = values[k];
    if (s.type === 'object') {
      const inner = payloadOf(s, v ?? {});
      if (Object.keys(inner).length) out[k] = inner;
    } else if (s.type === 'boolean') out[k] = !!v;
    else if (s.type === 'array') {
      const list = String(v ?? '').split(/[、,，\s]+/).filter(Boolean);
      if (list.length || schema.required?.includes(k)) out[k] = s.items?.type === 'integer' || s.items?.type === 'number' ? list.map(Number) : list;
    } else if (v !== '' && v != null) out[k] = s.type === 'integer' || s.type === 'number' ? Number(v) : v;
  }
  return out;
}

function Field({ name, schema, required, value, onChange }: { name: string; schema: any; required: boolean; value: any; onChange: (v: any) => void }) {
  const label = fieldLabel(name, schema);
  const common = { name, required, 'aria-label': label };
  let input;
  if (schema.type === 'object') {
    return (
      <fieldset className="action-form">
        <legend>{label}</legend>
        <Fields schema={schema} values={value ?? {}} onChange={onChange} />
      </fieldset>
    );
  } else if (schema.enum) {
    input = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">请选择</option>
        {schema.enum.map((o: string) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  } else if (schema.type === 'boolean') {
    input = <input type="checkbox" {...common} required={false} checked={!!value} onChange={(e) => onChange(e.target.checked)} />;
  } else if (schema.type === 'integer' || schema.type === 'number') {
    input = <input type="number" {...common} min={schema.minimum} max={schema.maximum} step={schema.type === 'integer' ? 1 : 'any'} value={value} onChange={(e) => onChange(e.target.value)} />;
  } else if (isDate(schema)) {
    input = <input type="date" {...common} value={value} onChange={(e) => onChange(e.target.value)} />;
  } else if (schema.type === 'string' && (schema.maxLength ?? 0) > 200) {
    input = <textarea {...common} rows={3} maxLength={schema.maxLength} value={value} onChange={(e) => onChange(e.target.value)} />;
  } else {
    input = <input {...common} maxLength={schema.maxLength} value={value} onChange={(e) => onChange(e.target.value)} placeholder={schema.type === 'array' ? '多项用顿号或逗号分隔' : undefined} />;
  }
  return (
    <label className="field">
      <span className={required ? 'required' : ''}>{label}</span>
      {input}
    </label>
  );
}

function Fields({ schema, values, onChange }: { schema: any; values: Values; onChange: (v: Values) => void }) {
  return (
    <>
      {Object.entries<any>(schema?.properties ?? {}).map(([k, s]) => (
        <Field key={k} name={k} schema={s} required={!!schema.required?.includes(k)} value={values[k]} onChange={(v) => onChange({ ...values, [k]: v })} />
      ))}
    </>
  );
}

export function SchemaForm(props: { title: string; schema: any; busy: boolean; onSubmit: (payload: Values) => void; testId?: string }) {
  const [values, setValues] = useState(() => initial(props.schema));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit(payloadOf(props.schema, values));
  };
  return (
    <form className="action-form" onSubmit={submit} data-event={props.testId}>
      <fieldset disabled={props.busy} className="bare">
        <legend>{props.title}</legend>
        <Fields schema={props.schema} values={values} onChange={setValues} />
        <button type="submit" className="primary">{props.title}</button>
      </fieldset>
    </form>
  );
}
