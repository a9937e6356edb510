/**
 * One check for "is this string a code of that table": the label tables (channels, roles, events, notices, causes…)
 * are plain objects, so only their own keys count — `toString` or `__proto__` typed into a form are not codes.
 */
export function isKeyOf<T extends object>(table: T, value: unknown): value is keyof T & string {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(table, value);
}
