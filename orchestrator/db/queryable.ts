import type postgres from 'postgres';
import type { Sql } from '../../common/db/index.js';

/** A pool or a transaction: query functions run on either, so services choose the transaction. */
export type Queryable = Sql | postgres.TransactionSql;
