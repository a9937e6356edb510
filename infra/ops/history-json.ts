/**
 * Workflow histories to and from the proto JSON that Temporal's CLI and UI use.
 *
 * Why not historyToJSON/historyFromJSON of @temporalio/common/lib/proto-utils: in this install @temporalio/common and
 * @temporalio/proto each carry their own copy of protobufjs 8 (the root one is protobufjs 7 for @grpc/proto-loader),
 * and protojson from common's copy rejects types built by proto's copy ("type must be a Type"). Here protojson is
 * loaded from the copy that @temporalio/proto itself resolves, which matches whatever layout npm chooses.
 */
import path from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

const protoPackageDir = path.dirname(require.resolve('@temporalio/proto/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protojson: ProtoJson = require(require.resolve('protobufjs/ext/protojson', { paths: [protoPackageDir] }));
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

export function historyToJson(history: History): unknown {
  return protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history));
}

export function historyFromJson(json: unknown): History {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { events?: unknown }).events)) {
    throw new TypeError('not a workflow history: expected an object with an array of events');
  }
  // A newer server may add fields this SDK does not know; they do not matter for replay.
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}
