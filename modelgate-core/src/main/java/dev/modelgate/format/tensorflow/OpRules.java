package dev.modelgate.format.tensorflow;

import dev.modelgate.spi.ScanContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each op in a SavedModel can do when a signature or restore function runs. TensorFlow
 * graphs are programs: besides arithmetic they can read and write files, call back into Python,
 * talk to servers and load native kernels ("TensorAbuse", 2024). These rules flag the ops with
 * such effects; plain computation passes.
 */
final class OpRules {
  /** Run arbitrary Python at call time (the function is pickled or looked up by token). */
  static final Set<String> PYTHON = Set.of("PyFunc", "PyFuncStateless", "EagerPyFunc");

  /** Read, write, list or map files at a path taken from the graph. */
  static final Set<String> FILE = Set.of("ReadFile", "WriteFile", "MatchingFiles",
      "MatchingFilesDataset", "ExperimentalMatchingFilesDataset", "ImmutableConst",
      "LoadAndRemapMatrix", "GenerateVocabRemapping", "WholeFileReader", "WholeFileReaderV2",
      "TFRecordReader", "TFRecordReaderV2", "TextLineReader", "TextLineReaderV2",
      "FixedLengthRecordReader", "FixedLengthRecordReaderV2", "LMDBReader", "TFRecordDataset",
      "TFRecordDatasetV2", "FixedLengthRecordDataset", "FixedLengthRecordDatasetV2",
      "TextLineDataset", "CSVDataset", "CSVDatasetV2", "ExperimentalCSVDataset", "LMDBDataset",
      "ExperimentalLMDBDataset", "SqlDataset", "ExperimentalSqlDataset", "LoadDataset",
      "SaveDataset", "SaveDatasetV2", "DatasetToTFRecord", "ExperimentalDatasetToTFRecord",
      "SnapshotDataset", "SnapshotDatasetV2", "DistributedSave", "CreateSummaryFileWriter",
      "CreateSummaryDbWriter", "FileSystemSetConfiguration", "RecordInput",
      "SnapshotChunkDataset", "SnapshotNestedDatasetReader", "ListSnapshotChunksDataset");

  /** Reach other machines. */
  static final Set<String> NETWORK = Set.of("DataServiceDataset", "DataServiceDatasetV2",
      "DataServiceDatasetV3", "DataServiceDatasetV4", "RegisterDataset", "RegisterDatasetV2",
      "RpcClient", "RpcCall", "RpcServer", "RpcServerStart", "RpcServerRegister", "Rpc",
      "TryRpc", "GcsConfigureCredentials", "GcsConfigureBlockCache");

  /**
   * Checkpoint ops: every SavedModel's saver and restore functions use them with the path fed at
   * run time by the loader. With a constant path they write or read wherever the file says.
   */
  static final Set<String> CHECKPOINT = Set.of("SaveV2", "RestoreV2", "MergeV2Checkpoints",
      "Save", "SaveSlices", "Restore", "RestoreSlice");

  /** Read a vocabulary file; benign when the file is one of the SavedModel's own assets. */
  static final Set<String> TABLE_FILE = Set.of("InitializeTableFromTextFile",
      "InitializeTableFromTextFileV2");

  /** Ops whose danger depends on an attribute. */
  static final Set<String> BY_ATTR = Set.of("PrintV2", "DebugIdentity", "DebugIdentityV2",
      "DebugIdentityV3", "DebugNanCount", "DebugNumericSummary", "DebugNumericSummaryV2",
      "DecodeProtoV2", "EncodeProto", "CacheDataset", "CacheDatasetV2");

  /** Input names shown in evidence, where position alone would be obscure. */
  private static final Map<String, List<String>> ARGS = Map.of(
      "ReadFile", List.of("filename"),
      "WriteFile", List.of("filename", "contents"),
      "MatchingFiles", List.of("pattern"),
      "InitializeTableFromTextFileV2", List.of("table_handle", "filename"),
      "InitializeTableFromTextFile", List.of("table_handle", "filename"),
      "SaveV2", List.of("prefix", "tensor_names", "shape_and_slices"),
      "RestoreV2", List.of("prefix", "tensor_names", "shape_and_slices"),
      "MergeV2Checkpoints", List.of("checkpoint_prefixes", "destination_prefix"),
      "ImmutableConst", List.of());

  private OpRules() {}

  /** Whether the reader must keep a node with this op for {@link #check}. */
  static boolean interesting(String op) {
    return PYTHON.contains(op) || FILE.contains(op) || NETWORK.contains(op)
        || CHECKPOINT.contains(op) || TABLE_FILE.contains(op) || BY_ATTR.contains(op)
        || !StandardOps.contains(op);
  }

  /**
   * Reports the nodes of {@code g}.
   *
   * @param functions names of functions in the library (a node may call one as its op)
   * @param assets true when the SavedModel bundles assets, so a table file fed at load time is
   *     one of its own files
   * @param assetTensors names of the nodes the loader feeds with asset paths (TF1 layout)
   */
  static void check(ScanContext ctx, TfGraph g, Set<String> functions, boolean assets,
      Set<String> assetTensors) {
    for (TfNode n : g.nodes()) {
      String op = n.op();
      String where = g.where() + " node '" + n.name() + "'";
      if (PYTHON.contains(op)) {
        ctx.malicious("tensorflow.python-callback", where + " calls back into Python (" + op
            + "), which runs arbitrary code when the graph executes", n.location(),
            evidence(g, n));
      } else if (FILE.contains(op)) {
        ctx.malicious("tensorflow.file-op", where + " uses " + op
            + ", which reads or writes files when the graph executes", n.location(),
            evidence(g, n));
      } else if (NETWORK.contains(op)) {
        ctx.malicious("tensorflow.network-op", where + " uses " + op
            + ", which connects to other machines when the graph executes", n.location(),
            evidence(g, n));
      } else if (CHECKPOINT.contains(op)) {
        String path = n.inputs().isEmpty() ? null : g.constant(n.inputs().get(0));
        if (path != null) {
          ctx.malicious("tensorflow.file-op", where + " uses checkpoint op " + op
              + " with a fixed path instead of the one the loader supplies", n.location(),
              evidence(g, n));
        }
      } else if (TABLE_FILE.contains(op)) {
        tableFile(ctx, g, n, where, assets, assetTensors);
      } else if (BY_ATTR.contains(op)) {
        byAttribute(ctx, g, n, where);
      } else if (!StandardOps.contains(op) && !functions.contains(op)
          && !ctx.policy().userAllows("tensorflow", op)) {
        ctx.suspicious("tensorflow.custom-op", where + " uses op '" + op + "', which is not a "
            + "standard TensorFlow op and needs a kernel library loaded by the user",
            n.location(), evidence(g, n));
      }
    }
  }

  private static void tableFile(ScanContext ctx, TfGraph g, TfNode n, String where,
      boolean assets, Set<String> assetTensors) {
    String input = n.inputs().size() > 1 ? n.inputs().get(1) : "";
    String path = g.constant(input);
    if (assetTensors.contains(TfNode.producer(input))) {
      return; // the loader replaces this constant with the asset's path
    }
    if (path == null) {
      if (!assets) {
        ctx.suspicious("tensorflow.table-file", where + " initialises a table from a file fed "
            + "at run time, and the SavedModel has no assets it could be", n.location(),
            evidence(g, n));
      }
      return;
    }
    if (path.startsWith("assets/") && !path.contains("..")) {
      return;
    }
    ctx.malicious("tensorflow.file-op", where + " initialises a table from the fixed path '"
        + path + "', which is not one of the SavedModel's assets", n.location(), evidence(g, n));
  }

  private static void byAttribute(ScanContext ctx, TfGraph g, TfNode n, String where) {
    String op = n.op();
    if (op.equals("PrintV2")) {
      for (String s : n.attr("output_stream")) {
        if (s.startsWith("file://")) {
          ctx.malicious("tensorflow.file-op", where + " prints to a file", n.location(),
              op + "(output_stream='" + s + "')");
        }
      }
    } else if (op.startsWith("Debug")) {
      for (String url : n.attr("debug_urls")) {
        if (url.startsWith("file://") || url.startsWith("grpc://")) {
          ctx.malicious(url.startsWith("file://") ? "tensorflow.file-op" : "tensorflow.network-op",
              where + " sends tensors to " + url, n.location(), op + "(debug_urls=['" + url + "'])");
        }
      }
    } else if (op.equals("DecodeProtoV2") || op.equals("EncodeProto")) {
      for (String s : n.attr("descriptor_source")) {
        if (!s.isEmpty() && !s.equals("local://") && !s.startsWith("bytes://")) {
          ctx.malicious("tensorflow.file-op", where + " loads proto descriptors from '" + s + "'",
              n.location(), op + "(descriptor_source='" + s + "')");
        }
      }
    } else {
      // CacheDataset(input_dataset, filename): an empty filename caches in memory.
      String file = n.inputs().size() > 1 ? g.constant(n.inputs().get(1)) : null;
      if (file == null) {
        ctx.suspicious("tensorflow.file-op", where + " may cache a dataset to a file fed at run "
            + "time", n.location(), evidence(g, n));
      } else if (!file.isEmpty()) {
        ctx.malicious("tensorflow.file-op", where + " caches a dataset to a file", n.location(),
            evidence(g, n));
      }
    }
  }

  /** {@code WriteFile(filename='/tmp/x', contents=s)}: constants shown as values. */
  static String evidence(TfGraph g, TfNode n) {
    StringBuilder b = new StringBuilder(n.op()).append('(');
    List<String> names = ARGS.getOrDefault(n.op(), List.of());
    for (int k = 0; k < n.inputs().size(); k++) {
      if (k > 0) {
        b.append(", ");
      }
      if (k < names.size()) {
        b.append(names.get(k)).append('=');
      }
      String in = n.inputs().get(k);
      String c = g.constant(in);
      b.append(c == null ? in : "'" + c.replace("\\", "\\\\").replace("'", "\\'") + "'");
    }
    return b.append(')').toString();
  }
}
