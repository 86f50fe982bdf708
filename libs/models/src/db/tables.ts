import { ColumnType } from 'kysely';

export interface InboxTable {
  handler: string;
  message_id: string;
  handled_at: ColumnType<Date, Date | undefined, never>;
}

/** The tables every service schema has. A service's own interface extends this. */
export interface BaseSchema {
  inbox: InboxTable;
}
