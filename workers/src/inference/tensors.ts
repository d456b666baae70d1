/** Plain tensors passed between the main thread and session workers (transferable typed arrays). */
import { InferenceError, InferenceErrorCode } from "./errors.js";
import { fromFloat16Array, toFloat16Array } from "./float16.js";
import type { TensorDtype, TensorSpec } from "./manifest.js";

export type TensorData = Float32Array | Uint16Array | Int32Array | BigInt64Array;

export interface WireTensor {
  readonly dtype: TensorDtype;
  readonly dims: readonly number[];
  /** float16 is carried as raw IEEE binary16 bits in a Uint16Array. */
  readonly data: TensorData;
}

export function float32Tensor({ data, dims }: { data: Float32Array; dims: readonly number[] }): WireTensor {
  return { dtype: "float32", dims, data };
}

/** Convert float32 data to the dtype a model input expects (float32 or float16). */
export function floatInput({ data, dims, spec }: { data: Float32Array; dims: readonly number[]; spec: TensorSpec }): WireTensor {
  if (spec.dtype === "float32") return { dtype: "float32", dims, data };
  if (spec.dtype === "float16") return { dtype: "float16", dims, data: toFloat16Array({ data }) };
  throw new InferenceError({ code: InferenceErrorCode.ModelIoMismatch, message: `input ${spec.name} has dtype ${spec.dtype}, expected a float type` });
}

/** Integer (or float, for timesteps) input in the dtype the model declares. */
export function numericInput({ values, dims, spec }: { values: readonly number[]; dims: readonly number[]; spec: TensorSpec }): WireTensor {
  switch (spec.dtype) {
    case "int64":
      return { dtype: "int64", dims, data: BigInt64Array.from(values.map((v) => BigInt(Math.round(v)))) };
    case "int32":
      return { dtype: "int32", dims, data: Int32Array.from(values.map((v) => Math.round(v))) };
    case "float32":
      return { dtype: "float32", dims, data: Float32Array.from(values) };
    case "float16":
      return { dtype: "float16", dims, data: toFloat16Array({ data: values }) };
  }
}

/** Read any float output as float32. */
export function toFloat32({ tensor }: { tensor: WireTensor }): Float32Array {
  if (tensor.dtype === "float32") return tensor.data as Float32Array;
  if (tensor.dtype === "float16") return fromFloat16Array({ data: tensor.data as Uint16Array });
  throw new InferenceError({ code: InferenceErrorCode.ModelIoMismatch, message: `expected a float output, got ${tensor.dtype}` });
}

export function requireSpec({ specs, name, model }: { specs: readonly TensorSpec[] | undefined; name: string; model: string }): TensorSpec {
  const spec = specs?.find((s) => s.name === name);
  if (!spec) throw new InferenceError({ code: InferenceErrorCode.ModelIoMismatch, message: `${model}: manifest declares no tensor named ${name}` });
  return spec;
}
