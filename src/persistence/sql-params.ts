/** Positional parameters of a statement built piece by piece. */

/** Adds a value to the statement's parameters and names it (`$3`). */
export type Param = (value: unknown) => string;

/** The values so far (starting with `initial`, which are $1, $2, …) and the `param` that adds one. */
export function sqlParams(...initial: unknown[]): { values: unknown[]; param: Param } {
  const values = [...initial];
  return {
    values,
    param: (value) => {
      values.push(value);
      return `$${values.length}`;
    },
  };
}
