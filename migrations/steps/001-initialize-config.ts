// 001: the protocol config (admin, treasury, parameters). Done when the config account exists;
// an existing config whose values differ is reported, never overwritten (use update_config).
import { BN, fetchConfig, initializeConfig, toProtocolParams, type ConfigAccount, type ProtocolParamsInput } from "@atelier/sdk";
import type { Step, StepContext } from "./step.js";

/** A parameter as text: integers (number or BN) in decimal, enums (`{ none: {} }`) as JSON. */
function comparable(value: unknown): string {
  return typeof value === "object" && value !== null && !BN.isBN(value) ? JSON.stringify(value) : String(value);
}

/** Names of the fields where the on-chain config differs from the desired one. */
export function configDifferences({ config, ctx }: { config: ConfigAccount; ctx: StepContext }): string[] {
  const out: string[] = [];
  if (!config.admin.equals(ctx.admin.publicKey)) out.push("admin");
  if (!config.treasury.equals(ctx.treasury)) out.push("treasury");
  const want = toProtocolParams({ params: ctx.params });
  for (const key of Object.keys(want) as (keyof ProtocolParamsInput)[]) {
    if (comparable(config.params[key]) !== comparable(want[key])) out.push(`params.${key}`);
  }
  return out;
}

export const initializeConfigStep: Step = {
  id: "001-initialize-config",
  title: "initialize the protocol config",
  async check(ctx) {
    const config = await fetchConfig({ client: ctx.client });
    if (!config) return { done: false };
    const diff = configDifferences({ config, ctx });
    return diff.length === 0
      ? { done: true }
      : { done: true, note: `the config exists and differs in ${diff.join(", ")}; send update_config as its admin to change it` };
  },
  async apply(ctx) {
    const { signature } = await initializeConfig({ client: ctx.client, treasury: ctx.treasury, params: ctx.params });
    return [signature];
  },
};
