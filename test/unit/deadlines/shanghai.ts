/** Test helpers: instants written as Shanghai wall-clock time, so expectations read like the calendar. */
export const shanghai = (dateTime: string): Date => new Date(`${dateTime.replace(' ', 'T')}:00+08:00`);

/** 24:00 Shanghai of the given date, as the UTC instant it is. */
export const endOfShanghaiDay = (date: string): Date => new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000);
