/**
 * Shanghai dates for the domain modules and the views. The one implementation of Beijing-time arithmetic is
 * workflows/deadlines/shanghai-days.ts (the deadline calculator may import only its own folder); this re-exports it.
 */
export * from '../deadlines/shanghai-days';
