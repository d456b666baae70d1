/**
 * LOCAL BUNDLER STAND-IN: the small part of the Irys GraphQL API that clients use to find items,
 * `transactions(ids: [...], owners: [...], tags: [{ name: "...", values: ["..."] }], first: N)`.
 * The selection set is ignored: every node carries id, address, tags, timestamp and receipt (the
 * fields `Utils.getReceipt` of the real client reads). Not a GraphQL implementation.
 */
import type { ItemQuery, StoredItem } from "./item-store.js";

/** Thrown for queries outside the subset. */
export class UnsupportedQueryError extends Error {
  override readonly name = "UnsupportedQueryError";
}

/** Extracts the `transactions(...)` arguments from a query text (variables are not supported). */
export function parseTransactionsQuery(query: string): ItemQuery {
  const call = /transactions\s*\(([^)]*)\)/s.exec(query);
  if (!call) {
    if (/transactions\s*\{/.test(query)) return {};
    throw new UnsupportedQueryError("only `transactions(...)` queries are supported by the local bundler stand-in");
  }
  const args = call[1]!;
  if (args.includes("$")) throw new UnsupportedQueryError("GraphQL variables are not supported by the local bundler stand-in; inline the values");
  const result: ItemQuery = {};
  const ids = /\bids\s*:\s*\[([^\]]*)\]/s.exec(args);
  if (ids) result.ids = strings(ids[1]!);
  const owners = /\bowners\s*:\s*\[([^\]]*)\]/s.exec(args);
  if (owners) result.owners = strings(owners[1]!);
  const first = /\bfirst\s*:\s*(\d+)/.exec(args);
  if (first) result.first = Math.min(Number(first[1]), 1000);
  const tagsBlock = /\btags\s*:\s*\[(.*)\]/s.exec(args);
  if (tagsBlock) {
    result.tags = [...tagsBlock[1]!.matchAll(/\{\s*name\s*:\s*("(?:[^"\\]|\\.)*")\s*,\s*values\s*:\s*\[([^\]]*)\]\s*\}/gs)].map((m) => ({
      name: JSON.parse(m[1]!) as string,
      values: strings(m[2]!),
    }));
  }
  return result;
}

function strings(list: string): string[] {
  return [...list.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]!}"`) as string);
}

/** The response body for matched items, shaped like Irys GraphQL. */
export function transactionsResponse({ items }: { items: readonly StoredItem[] }): unknown {
  return {
    data: {
      transactions: {
        edges: items.map((m) => ({
          cursor: m.id,
          node: {
            id: m.id,
            address: m.address,
            token: "solana",
            signature: m.receipt.signature,
            timestamp: m.receipt.timestamp,
            tags: m.tags,
            receipt: {
              signature: m.receipt.signature,
              timestamp: m.receipt.timestamp,
              version: m.receipt.version,
              deadlineHeight: m.receipt.deadlineHeight,
            },
          },
        })),
        pageInfo: { endCursor: items.at(-1)?.id ?? null, hasNextPage: false },
      },
    },
  };
}
