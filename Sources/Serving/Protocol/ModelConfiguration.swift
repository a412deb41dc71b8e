/// `GET /v2/models/{name}/config` in Triton's shape (its model configuration as JSON), which
/// perf_analyzer and tritonclient read before sending anything: with `max_batch_size` > 0
/// the dims leave out the batch dimension.
enum ModelConfiguration {
    /// Triton's name of a protocol datatype (`FP32` → `TYPE_FP32`, `BYTES` → `TYPE_STRING`).
    static func tritonType(_ datatype: String) -> String {
        datatype == "BYTES" ? "TYPE_STRING" : "TYPE_" + datatype
    }

    static func json(model: any ServableModel, maxBatchSize: Int, batching: BatchingConfiguration?) -> JSONValue {
        func tensor(_ t: TensorMetadata, output: Bool) -> JSONValue {
            let perRow = Array(t.shape.dropFirst())
            var members = [
                JSONMember("name", .string(t.name)),
                JSONMember("data_type", .string(tritonType(t.datatype))),
                JSONMember("dims", .array((perRow.isEmpty ? [1] : perRow).map { .integer(Int64($0)) })),
            ]
            if perRow.isEmpty { members.append(JSONMember("reshape", .object([JSONMember("shape", .array([]))]))) }
            if output { members.append(JSONMember("label_filename", .string(""))) }
            members.append(JSONMember("is_shape_tensor", .bool(false)))
            return .object(members)
        }
        var members = [
            JSONMember("name", .string(model.name)),
            JSONMember("platform", .string("benchkit_mlp")),
            JSONMember("backend", .string("benchkit")),
            JSONMember("version_policy", .object([JSONMember("latest", .object([JSONMember("num_versions", .integer(1))]))])),
            JSONMember("max_batch_size", .integer(Int64(maxBatchSize))),
            JSONMember("input", .array(model.inputs.map { tensor($0, output: false) })),
            JSONMember("output", .array(model.outputs.map { tensor($0, output: true) })),
            JSONMember("instance_group", .array([.object([
                JSONMember("name", .string(model.name)), JSONMember("kind", .string("KIND_CPU")), JSONMember("count", .integer(1)),
            ])])),
        ]
        if let batching, batching.enabled {
            members.append(JSONMember("dynamic_batching", .object([
                JSONMember("preferred_batch_size", .array([])),
                JSONMember("max_queue_delay_microseconds", .integer(Int64(batching.maxQueueDelayMicroseconds))),
                JSONMember("preserve_ordering", .bool(true)),
            ])))
        }
        return .object(members)
    }
}
