/**
 * Pipeline settings the roles read besides the service env (`../env.ts`): which roles this process
 * runs (`ATELIER_ROLE` also accepts `all` or a comma list here), model directories, the artist index,
 * the spool, verifier thresholds and the watcher's poll interval. Parsed with zod at start (fail fast,
 * every bad variable named, no values echoed).
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { EnvError, Role } from "../env.js";
import { DEFAULT_INFLUENCE_TOLERANCE, MAX_INFLUENCE_DISTANCE } from "../processors/influence-check.js";

const ROLES = Object.values(Role);
const unsetIfEmpty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const num = ({ fallback, min, max, int = true }: { fallback: number; min: number; max: number; int?: boolean }) => {
  const message = `must be a ${int ? "whole " : ""}number from ${min} to ${max}`;
  const base = z.coerce.number({ message });
  return z.preprocess(unsetIfEmpty, (int ? base.int({ message }) : base).min(min, { message }).max(max, { message }).default(fallback));
};

const schema = z.object({
  ATELIER_ROLE: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .default(Role.generator)
      .transform((v) => (v.trim() === "all" ? [...ROLES] : [...new Set(v.split(",").map((r) => r.trim()))]))
      .refine((roles) => roles.length > 0 && roles.every((r) => (ROLES as string[]).includes(r)), { message: `must be all, or a comma list of ${ROLES.join(", ")}` })
      .transform((roles) => roles as Role[]),
  ),
  ATELIER_SD_MODEL_DIR: z.preprocess(unsetIfEmpty, z.string().optional()),
  ATELIER_CLIP_MODEL_DIR: z.preprocess(unsetIfEmpty, z.string().optional()),
  ATELIER_INFLUENCE_INDEX: z.preprocess(unsetIfEmpty, z.string().optional()),
  ATELIER_INFLUENCE_TOP_K: num({ fallback: 5, min: 1, max: 11 }),
  ATELIER_INFLUENCE_FLOOR: num({ fallback: 0.2, min: -1, max: 1, int: false }),
  ATELIER_SPOOL_DIR: z.preprocess(unsetIfEmpty, z.string().default(join(tmpdir(), "atelier-spool"))),
  ATELIER_VERIFY_SCORE_TOLERANCE: num({ fallback: 50, min: 0, max: 10_000 }),
  ATELIER_VERIFY_INFLUENCE_TOLERANCE: num({ fallback: DEFAULT_INFLUENCE_TOLERANCE, min: 0, max: MAX_INFLUENCE_DISTANCE }),
  ATELIER_SPOT_CHECK_RATE: num({ fallback: 0.1, min: 0, max: 1, int: false }),
  ATELIER_SPOT_CHECK_MAX_DISTANCE: num({ fallback: 6, min: 0, max: 64 }),
  ATELIER_DUPLICATE_MAX_DISTANCE: num({ fallback: 4, min: 0, max: 64 }),
  ATELIER_WATCH_INTERVAL_MS: num({ fallback: 2_000, min: 50, max: 3_600_000 }),
});

/** Parsed pipeline settings. */
export interface PipelineEnv {
  readonly roles: readonly Role[];
  /** Text-to-image model directory (default `<ATELIER_MODEL_DIR>/sd-tiny`). */
  readonly sdModelDir: string;
  /** CLIP model directory (default `<ATELIER_MODEL_DIR>/clip-tiny`). */
  readonly clipModelDir: string;
  /**
   * Artist influence index file; none means a generator records no influence weights and a verifier
   * does not commit to results that name artists.
   */
  readonly influenceIndex?: string;
  readonly influenceTopK: number;
  readonly influenceFloor: number;
  readonly spoolDir: string;
  readonly verifyScoreTolerance: number;
  /** Largest L1 distance (bps) between a result's influence weights and the verifier's recomputation. */
  readonly verifyInfluenceTolerance: number;
  readonly spotCheckRate: number;
  readonly spotCheckMaxDistance: number;
  readonly duplicateMaxDistance: number;
  readonly watchIntervalMs: number;
}

/** Parse; throws the service's {@link EnvError} listing every bad variable. */
export function parsePipelineEnv({ source, modelDir }: { source: Readonly<Record<string, string | undefined>>; modelDir: string }): PipelineEnv {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError({ problems: result.error.issues.map((i) => ({ variable: String(i.path[0] ?? "environment"), message: i.message })) });
  }
  const e = result.data;
  return {
    roles: e.ATELIER_ROLE,
    sdModelDir: e.ATELIER_SD_MODEL_DIR ?? join(modelDir, "sd-tiny"),
    clipModelDir: e.ATELIER_CLIP_MODEL_DIR ?? join(modelDir, "clip-tiny"),
    ...(e.ATELIER_INFLUENCE_INDEX === undefined ? {} : { influenceIndex: e.ATELIER_INFLUENCE_INDEX }),
    influenceTopK: e.ATELIER_INFLUENCE_TOP_K,
    influenceFloor: e.ATELIER_INFLUENCE_FLOOR,
    spoolDir: e.ATELIER_SPOOL_DIR,
    verifyScoreTolerance: e.ATELIER_VERIFY_SCORE_TOLERANCE,
    verifyInfluenceTolerance: e.ATELIER_VERIFY_INFLUENCE_TOLERANCE,
    spotCheckRate: e.ATELIER_SPOT_CHECK_RATE,
    spotCheckMaxDistance: e.ATELIER_SPOT_CHECK_MAX_DISTANCE,
    duplicateMaxDistance: e.ATELIER_DUPLICATE_MAX_DISTANCE,
    watchIntervalMs: e.ATELIER_WATCH_INTERVAL_MS,
  };
}
