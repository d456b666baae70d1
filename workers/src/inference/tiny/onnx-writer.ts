/**
 * Minimal ONNX ModelProto encoder (protobuf wire format, hand-written) so the
 * tiny test models can be generated with no Python and no extra dependency.
 * Field numbers follow onnx/onnx.proto (IR version 8).
 */

export const OnnxDataType = {
  float: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  double: 11,
} as const;
export type OnnxDataTypeName = keyof typeof OnnxDataType;

const AttributeType = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7 } as const;

export type AttributeValue = number | bigint | string | number[] | { floats: number[] } | TensorInit;

export interface NodeDef {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  /** Integers are encoded as INT/INTS; use `{ floats: [...] }` or a non-integer number for FLOAT(S). */
  readonly attrs?: Readonly<Record<string, AttributeValue>>;
}

export interface TensorInit {
  readonly name: string;
  readonly dataType: OnnxDataTypeName;
  readonly dims: readonly number[];
  /** Raw little-endian bytes of the tensor. */
  readonly raw: Uint8Array;
}

export interface ValueInfo {
  readonly name: string;
  readonly dataType: OnnxDataTypeName;
  /** number = fixed dim, string = symbolic (dynamic) dim. */
  readonly shape: readonly (number | string)[];
}

export interface GraphDef {
  readonly name: string;
  readonly nodes: readonly NodeDef[];
  readonly initializers: readonly TensorInit[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}

export interface ModelDef {
  readonly graph: GraphDef;
  readonly opset?: number;
  readonly producer?: string;
  readonly docString?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

class Writer {
  private chunks: number[] = [];

  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.chunks.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.chunks.push(Number(v));
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(value);
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    for (const b of data) this.chunks.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const buf = new Uint8Array(4);
    new DataView(buf.buffer).setFloat32(0, value, true);
    for (const b of buf) this.chunks.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function writeTensor(w: Writer, t: TensorInit): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, OnnxDataType[t.dataType]);
  w.string(8, t.name);
  w.bytes(9, t.raw);
}

function writeValueInfo(w: Writer, v: ValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, OnnxDataType[v.dataType]);
      tensor.message(2, (shape) => {
        for (const d of v.shape) {
          shape.message(1, (dim) => (typeof d === "number" ? dim.int(1, d) : dim.string(2, d)));
        }
      });
    }),
  );
}

function writeAttribute(w: Writer, name: string, value: AttributeValue): void {
  w.string(1, name);
  if (typeof value === "string") {
    w.string(4, value).int(20, AttributeType.string);
  } else if (typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))) {
    w.int(3, value).int(20, AttributeType.int);
  } else if (typeof value === "number") {
    w.float(2, value).int(20, AttributeType.float);
  } else if (Array.isArray(value)) {
    for (const v of value) w.int(8, v);
    w.int(20, AttributeType.ints);
  } else if ("floats" in value) {
    for (const v of value.floats) w.float(7, v);
    w.int(20, AttributeType.floats);
  } else {
    w.message(5, (t) => writeTensor(t, value)).int(20, AttributeType.tensor);
  }
}

/** Serialise a model definition to ONNX protobuf bytes. Deterministic: same input, same bytes. */
export function encodeModel({ model }: { model: ModelDef }): Uint8Array {
  const w = new Writer();
  w.int(1, 8); // ir_version
  w.string(2, model.producer ?? "atelier-tiny");
  w.string(3, "1");
  if (model.docString) w.string(6, model.docString);
  w.message(7, (g) => {
    model.graph.nodes.forEach((n, i) =>
      g.message(1, (node) => {
        for (const x of n.inputs) node.string(1, x);
        for (const y of n.outputs) node.string(2, y);
        node.string(3, n.name ?? `${n.op}_${i}`);
        node.string(4, n.op);
        for (const [k, v] of Object.entries(n.attrs ?? {})) node.message(5, (a) => writeAttribute(a, k, v));
      }),
    );
    g.string(2, model.graph.name);
    for (const t of model.graph.initializers) g.message(5, (m) => writeTensor(m, t));
    for (const v of model.graph.inputs) g.message(11, (m) => writeValueInfo(m, v));
    for (const v of model.graph.outputs) g.message(12, (m) => writeValueInfo(m, v));
  });
  w.message(8, (o) => o.string(1, "").int(2, model.opset ?? 17));
  for (const [k, v] of Object.entries(model.metadata ?? {})) w.message(14, (m) => m.string(1, k).string(2, v));
  return w.finish();
}

/** Tensor initializer helpers. */
export function floatTensor({ name, dims, data }: { name: string; dims: readonly number[]; data: ArrayLike<number> }): TensorInit {
  const arr = Float32Array.from(data);
  return { name, dataType: "float", dims, raw: new Uint8Array(arr.buffer) };
}

export function int64Tensor({ name, dims, data }: { name: string; dims: readonly number[]; data: readonly (number | bigint)[] }): TensorInit {
  const arr = BigInt64Array.from(data.map((x) => BigInt(x)));
  return { name, dataType: "int64", dims, raw: new Uint8Array(arr.buffer) };
}
