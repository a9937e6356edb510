import type { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { Logger } from 'pino';
import { petitionSearchAttributeTypes } from '../../workflows/search-attributes';

const SDK_TYPE_NAMES = {
  Keyword: 'KEYWORD',
  Text: 'TEXT',
  Int: 'INT',
  Double: 'DOUBLE',
  Bool: 'BOOL',
  Datetime: 'DATETIME',
  KeywordList: 'KEYWORD_LIST',
} as const;

/** gRPC ALREADY_EXISTS, or the same in words from servers that wrap it. */
function isAlreadyExists(error: unknown): boolean {
  const code = (error as { code?: number } | undefined)?.code;
  return code === 6 || /already exists/i.test(String((error as Error | undefined)?.message));
}

/**
 * Registers the petition search attributes on a real cluster (the dev server gets them as start flags). Only the
 * missing ones are added, so every API or worker replica can call this at start; a replica that loses the race sees
 * "already exists", which is fine.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string, log?: Logger): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = Object.entries(petitionSearchAttributeTypes).filter(([name]) => !(customAttributes && name in customAttributes));
  if (missing.length === 0) return [];
  const searchAttributes = Object.fromEntries(
    missing.map(([name, type]) => [name, encodeSearchAttributeIndexedValueType(SDK_TYPE_NAMES[type])!]),
  );
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  const added = missing.map(([name]) => name);
  log?.info({ namespace, added }, 'registered search attributes');
  return added;
}
