/**
 * PostgreSQL refuses U+0000 in text (`invalid byte sequence for encoding
 * "UTF8": 0x00`, SQLSTATE 22021) in stored values and in query parameters
 * alike, so one NUL in a URL, a form field or a remote document failed the
 * whole query.  This Kysely plugin removes NUL from every string parameter
 * before it is sent, on both databases, so they store and look up the same
 * text: nothing in buurt needs NUL, and a look-up with it simply finds
 * nothing.
 */
import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from "kysely";

/** `value` without NUL characters when it is a string; anything else as it is. */
function withoutNul(value: unknown): unknown {
  return typeof value === "string" && value.includes("\u0000") ? value.replaceAll("\u0000", "") : value;
}

class StripNulTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = withoutNul(node.value);
    return value === node.value ? super.transformValue(node) : { ...node, value };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    if (!node.values.some((v) => typeof v === "string" && v.includes("\u0000"))) return super.transformPrimitiveValueList(node);
    return { ...node, values: node.values.map(withoutNul) };
  }
}

/** Removes U+0000 from every string parameter of every query (see the module comment). */
export class StripNulPlugin implements KyselyPlugin {
  readonly #transformer = new StripNulTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
