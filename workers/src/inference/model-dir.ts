/**
 * Load and verify a model directory: parse the manifest, check the signature (when present, or when
 * required), then stream every file through sha256 and refuse any mismatch before a session is built.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { InferenceError, InferenceErrorCode } from "./errors.js";
import {
  MANIFEST_FILE,
  type Manifest,
  type ManifestInput,
  manifestDigest,
  manifestSchema,
  verifyManifestSignature,
} from "./manifest.js";

export interface ModelIdentity {
  /** The model id recorded on chain. */
  readonly modelId: string;
  readonly version: string;
  /** sha256 of the canonical unsigned manifest (covers every file hash). */
  readonly manifestSha256: string;
}

export interface ModelDir {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly identity: ModelIdentity;
  /** Public key that signed the manifest, if signed. */
  readonly signer?: string;
  /** Absolute path of a manifest file entry. */
  path(args: { key: string }): string;
}

export async function sha256File({ path }: { path: string }): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function loadModelDir({
  dir,
  trustedPublicKeys,
  requireSignature = false,
}: {
  dir: string;
  /** When given, a signature must come from one of these hex ed25519 public keys. */
  trustedPublicKeys?: readonly string[];
  requireSignature?: boolean;
}): Promise<ModelDir> {
  const manifestPath = join(dir, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
    throw new InferenceError({
      code: missing ? InferenceErrorCode.ModelFileMissing : InferenceErrorCode.ManifestInvalid,
      message: missing ? `no ${MANIFEST_FILE} in model directory ${dir}` : `${manifestPath} is not valid JSON: ${(cause as Error).message}`,
      cause,
    });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new InferenceError({ code: InferenceErrorCode.ManifestInvalid, message: `${manifestPath} is invalid: ${issues}` });
  }
  const manifest = parsed.data;
  const rawManifest = raw as ManifestInput;

  if (manifest.signature) {
    if (!verifyManifestSignature({ manifest: rawManifest })) {
      throw new InferenceError({
        code: InferenceErrorCode.ModelSignatureInvalid,
        message: `manifest signature of ${manifest.modelId}@${manifest.version} does not verify (manifest edited after signing?)`,
      });
    }
    if (trustedPublicKeys && !trustedPublicKeys.includes(manifest.signature.publicKey)) {
      throw new InferenceError({
        code: InferenceErrorCode.ModelSignatureInvalid,
        message: `manifest of ${manifest.modelId} is signed by untrusted key ${manifest.signature.publicKey}`,
      });
    }
  } else if (requireSignature || trustedPublicKeys) {
    throw new InferenceError({ code: InferenceErrorCode.ModelSignatureMissing, message: `manifest of ${manifest.modelId} is not signed and a signature is required` });
  }

  for (const [key, file] of Object.entries(manifest.files)) {
    const abs = join(dir, file.path);
    let size: number;
    try {
      size = (await stat(abs)).size;
    } catch (cause) {
      throw new InferenceError({ code: InferenceErrorCode.ModelFileMissing, message: `model file ${key} (${file.path}) is missing from ${dir}`, cause });
    }
    if (size !== file.bytes) {
      throw new InferenceError({
        code: InferenceErrorCode.ModelHashMismatch,
        message: `model file ${key} (${file.path}) is ${size} bytes, manifest says ${file.bytes}: refusing to load`,
      });
    }
    const actual = await sha256File({ path: abs });
    if (actual !== file.sha256) {
      throw new InferenceError({
        code: InferenceErrorCode.ModelHashMismatch,
        message: `model file ${key} (${file.path}) sha256 ${actual} does not match manifest ${file.sha256}: refusing to load`,
      });
    }
  }

  const identity: ModelIdentity = { modelId: manifest.modelId, version: manifest.version, manifestSha256: manifestDigest({ manifest: rawManifest }) };
  return {
    dir,
    manifest,
    identity,
    ...(manifest.signature ? { signer: manifest.signature.publicKey } : {}),
    path: ({ key }) => {
      const f = manifest.files[key];
      if (!f) throw new InferenceError({ code: InferenceErrorCode.ManifestInvalid, message: `manifest has no file ${key}` });
      return join(dir, f.path);
    },
  };
}
