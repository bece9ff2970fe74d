package dev.modelgate.policy;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Callables that run code, start processes, touch files or the network, import modules, reach
 * attributes generically or deserialise nested data when a model is loaded. Whole modules are
 * listed where nothing in them belongs in a weight file; single names elsewhere. Matching is done
 * on a normalised spelling (trimmed, NFKC, lower case) so odd spacing, full-width letters or case
 * tricks cannot slip past, and on every dotted prefix, so {@code os.path.join} counts as
 * {@code os}.
 */
final class Catalogue {
  private static final String EXEC = "code execution";
  private static final String PROC = "process execution";
  private static final String FS = "file system access";
  private static final String NET = "network access";
  private static final String IMPORT = "import machinery";
  private static final String ATTR = "attribute-access gadget";
  private static final String DESER = "nested deserialisation";
  private static final String INTRO = "interpreter introspection";

  private static final Map<String, String> ENTRIES = Map.ofEntries(
      // processes
      Map.entry("os", PROC), Map.entry("posix", PROC), Map.entry("nt", PROC),
      Map.entry("subprocess", PROC), Map.entry("_posixsubprocess", PROC), Map.entry("pty", PROC),
      Map.entry("popen2", PROC), Map.entry("commands", PROC), Map.entry("multiprocessing", PROC),
      Map.entry("_winapi", PROC), Map.entry("signal", PROC), Map.entry("platform", PROC),
      Map.entry("asyncio", PROC), Map.entry("threading", PROC), Map.entry("_thread", PROC),
      Map.entry("concurrent", PROC), Map.entry("mailcap", PROC), Map.entry("uuid._popen", PROC),
      Map.entry("distutils", PROC), Map.entry("torch.utils.collect_env", PROC),
      Map.entry("torch.utils.cpp_extension", PROC), Map.entry("torch._inductor", EXEC),
      // code execution
      Map.entry("builtins.exec", EXEC), Map.entry("builtins.eval", EXEC),
      Map.entry("builtins.compile", EXEC), Map.entry("builtins.execfile", EXEC),
      Map.entry("runpy", EXEC), Map.entry("code", EXEC), Map.entry("codeop", EXEC),
      Map.entry("timeit", EXEC), Map.entry("cprofile", EXEC), Map.entry("profile", EXEC),
      Map.entry("pdb", EXEC), Map.entry("bdb", EXEC), Map.entry("trace", EXEC),
      Map.entry("doctest", EXEC), Map.entry("pydoc", EXEC), Map.entry("idlelib", EXEC),
      Map.entry("types.functiontype", EXEC), Map.entry("types.codetype", EXEC),
      Map.entry("types.lambdatype", EXEC), Map.entry("types.methodtype", EXEC),
      Map.entry("types.moduletype", EXEC), Map.entry("ctypes", EXEC), Map.entry("_ctypes", EXEC),
      Map.entry("cffi", EXEC), Map.entry("ipython", EXEC), Map.entry("lib2to3", EXEC),
      Map.entry("dill", EXEC), Map.entry("cloudpickle", EXEC), Map.entry("torch.jit", EXEC),
      Map.entry("torch.package", EXEC), Map.entry("numpy.testing", EXEC),
      Map.entry("numpy.f2py", EXEC), Map.entry("numpy.distutils", EXEC),
      Map.entry("numpy.ctypeslib", EXEC), Map.entry("logging.config", EXEC),
      Map.entry("antigravity", NET),
      // imports and installers
      Map.entry("builtins.__import__", IMPORT), Map.entry("importlib", IMPORT),
      Map.entry("imp", IMPORT), Map.entry("pkgutil", IMPORT), Map.entry("zipimport", IMPORT),
      Map.entry("pip", IMPORT), Map.entry("setuptools", IMPORT), Map.entry("ensurepip", IMPORT),
      Map.entry("venv", IMPORT), Map.entry("pkg_resources", IMPORT), Map.entry("site", IMPORT),
      Map.entry("sys", INTRO),
      // attribute access and call gadgets
      Map.entry("builtins.getattr", ATTR), Map.entry("builtins.setattr", ATTR),
      Map.entry("builtins.delattr", ATTR), Map.entry("operator.attrgetter", ATTR),
      Map.entry("operator.methodcaller", ATTR), Map.entry("operator.call", ATTR),
      Map.entry("_operator", ATTR), Map.entry("functools.partial", ATTR),
      Map.entry("functools.partialmethod", ATTR), Map.entry("functools.reduce", ATTR),
      Map.entry("_functools", ATTR), Map.entry("builtins.classmethod", ATTR),
      Map.entry("builtins.staticmethod", ATTR), Map.entry("builtins.property", ATTR),
      // introspection and interaction
      Map.entry("builtins.globals", INTRO), Map.entry("builtins.locals", INTRO),
      Map.entry("builtins.vars", INTRO), Map.entry("builtins.dir", INTRO),
      Map.entry("builtins.breakpoint", INTRO), Map.entry("builtins.input", INTRO),
      Map.entry("builtins.help", INTRO), Map.entry("builtins.exit", INTRO),
      Map.entry("builtins.quit", INTRO), Map.entry("builtins.license", INTRO),
      Map.entry("gc", INTRO), Map.entry("inspect", INTRO), Map.entry("_sitebuiltins", INTRO),
      // files
      Map.entry("builtins.open", FS), Map.entry("io.open", FS), Map.entry("io.open_code", FS),
      Map.entry("io.fileio", FS), Map.entry("_io", FS), Map.entry("shutil", FS),
      Map.entry("tempfile", FS), Map.entry("pathlib", FS), Map.entry("glob", FS),
      Map.entry("fileinput", FS), Map.entry("filecmp", FS), Map.entry("zipfile", FS),
      Map.entry("tarfile", FS), Map.entry("linecache", FS), Map.entry("mmap", FS),
      Map.entry("posixpath", FS), Map.entry("ntpath", FS), Map.entry("genericpath", FS),
      Map.entry("sqlite3", FS), Map.entry("dbm", FS), Map.entry("shelve", DESER),
      Map.entry("logging.filehandler", FS), Map.entry("logging.handlers", FS),
      Map.entry("numpy.fromfile", FS), Map.entry("numpy.tofile", FS),
      Map.entry("numpy.savetxt", FS), Map.entry("numpy.loadtxt", FS),
      Map.entry("numpy.genfromtxt", FS), Map.entry("numpy.memmap", FS),
      Map.entry("numpy.lib.npyio", FS), Map.entry("numpy.lib.format", FS),
      // network
      Map.entry("socket", NET), Map.entry("_socket", NET), Map.entry("ssl", NET),
      Map.entry("http", NET), Map.entry("urllib", NET), Map.entry("urllib2", NET),
      Map.entry("urllib3", NET), Map.entry("requests", NET), Map.entry("httpx", NET),
      Map.entry("aiohttp", NET), Map.entry("ftplib", NET), Map.entry("smtplib", NET),
      Map.entry("telnetlib", NET), Map.entry("poplib", NET), Map.entry("imaplib", NET),
      Map.entry("nntplib", NET), Map.entry("xmlrpc", NET), Map.entry("socketserver", NET),
      Map.entry("asyncore", NET), Map.entry("asynchat", NET), Map.entry("webbrowser", NET),
      Map.entry("paramiko", NET), Map.entry("wsgiref", NET), Map.entry("smtpd", NET),
      Map.entry("torch.hub", NET),
      // nested deserialisers
      Map.entry("pickle", DESER), Map.entry("_pickle", DESER), Map.entry("cpickle", DESER),
      Map.entry("pickletools", DESER), Map.entry("marshal", DESER), Map.entry("copyreg", DESER),
      Map.entry("jsonpickle", DESER), Map.entry("yaml", DESER), Map.entry("joblib.load", DESER),
      Map.entry("joblib.numpy_pickle.load", DESER), Map.entry("numpy.load", DESER),
      Map.entry("torch.load", DESER), Map.entry("torch.serialization.load", DESER),
      Map.entry("torch.serialization._load", DESER), Map.entry("torch.storage._load_from_bytes", DESER),
      Map.entry("pandas.read_pickle", DESER), Map.entry("pandas.io.pickle", DESER),
      // helpers that shell out, evaluate strings or load libraries under innocent module names
      Map.entry("uuid._get_command_stdout", PROC), Map.entry("uuid._find_mac_near_keyword", PROC),
      Map.entry("uuid._find_mac_under_heading", PROC), Map.entry("_osx_support", PROC),
      Map.entry("_aix_support", PROC), Map.entry("test.support", EXEC), Map.entry("tkinter", EXEC),
      Map.entry("_tkinter", EXEC), Map.entry("turtle", EXEC), Map.entry("unittest.mock", IMPORT),
      Map.entry("warnings._getcategory", IMPORT), Map.entry("encodings.search_function", IMPORT),
      Map.entry("atexit", ATTR), Map.entry("sympy.sympify", EXEC), Map.entry("sympy.parsing", EXEC),
      Map.entry("numexpr", EXEC), Map.entry("pandas.eval", EXEC), Map.entry("pandas.core.computation", EXEC),
      Map.entry("jinja2", EXEC), Map.entry("mako", EXEC), Map.entry("torch._dynamo", EXEC),
      Map.entry("torch.fx", EXEC), Map.entry("torch.compile", EXEC), Map.entry("torch.ops", EXEC),
      Map.entry("torch._ops", EXEC), Map.entry("torch.library", EXEC), Map.entry("torch._c", EXEC),
      Map.entry("torch.testing", EXEC), Map.entry("torch.distributed.rpc", NET),
      Map.entry("torch.distributed.run", PROC), Map.entry("torch.distributed.elastic", PROC),
      Map.entry("torch.serialization", DESER), Map.entry("torch.save", FS),
      Map.entry("torch.utils.data.datapipes", FS), Map.entry("torch.utils.model_zoo", NET),
      Map.entry("numpy.lib._npyio_impl", FS), Map.entry("numpy.lib._format_impl", FS),
      Map.entry("numpy.lib._datasource", NET), Map.entry("numpy.datasource", NET),
      Map.entry("numpy.save", FS), Map.entry("numpy.savez", FS), Map.entry("numpy.savez_compressed", FS),
      Map.entry("numpy.fromregex", FS), Map.entry("numpy.ma.load", DESER), Map.entry("numpy.ma.loads", DESER),
      Map.entry("numpy.ma.dump", FS), Map.entry("numpy.ma.core.load", DESER),
      Map.entry("numpy.ma.core.loads", DESER), Map.entry("numpy.ma.core.dump", FS),
      Map.entry("numpy.rec.fromfile", FS), Map.entry("numpy.core.records.fromfile", FS),
      Map.entry("numpy._core.records.fromfile", FS), Map.entry("scipy.io", FS),
      Map.entry("sklearn.externals.joblib", DESER), Map.entry("sklearn.utils._joblib", DESER),

      Map.entry("joblib.parallel", PROC), Map.entry("joblib.dump", FS),
      Map.entry("keras.utils.get_file", NET), Map.entry("keras.src.utils.file_utils", NET),
      Map.entry("tensorflow.keras.utils.get_file", NET), Map.entry("tensorflow.io", FS),
      Map.entry("tensorflow.python.lib.io", FS), Map.entry("tensorflow.compat.v1.io", FS),
      Map.entry("tensorflow.python.ops.io_ops", FS), Map.entry("huggingface_hub", NET),
      Map.entry("fsspec", FS), Map.entry("smart_open", NET), Map.entry("boto3", NET),
      Map.entry("gzip.open", FS), Map.entry("bz2.open", FS), Map.entry("lzma.open", FS),
      Map.entry("gzip.gzipfile", FS), Map.entry("bz2.bz2file", FS), Map.entry("lzma.lzmafile", FS),
      Map.entry("codecs.open", FS), Map.entry("_pyio", FS), Map.entry("zipapp", FS),
      Map.entry("compileall", FS), Map.entry("py_compile", FS), Map.entry("modulefinder", FS),
      Map.entry("pstats", DESER), Map.entry("mailbox", FS), Map.entry("netrc", FS),
      Map.entry("logging.basicconfig", FS), Map.entry("xml.sax", NET), Map.entry("xml.dom", NET),
      Map.entry("xml.etree.elementtree.parse", FS), Map.entry("xml.etree.elementtree.iterparse", FS),
      Map.entry("xml.etree.elementinclude", FS), Map.entry("xml.etree.celementtree.parse", FS),
      Map.entry("lxml", NET), Map.entry("pandas.io", FS),
      Map.entry("pandas.read_csv", FS), Map.entry("pandas.read_json", FS), Map.entry("pandas.read_html", FS), Map.entry("pandas.read_xml", FS), Map.entry("pandas.read_parquet", FS), Map.entry("pandas.read_feather", FS), Map.entry("pandas.read_excel", FS), Map.entry("pandas.read_hdf", FS), Map.entry("pandas.read_sql", FS), Map.entry("pandas.read_sql_query", FS), Map.entry("pandas.read_sql_table", FS), Map.entry("pandas.read_table", FS), Map.entry("pandas.read_fwf", FS), Map.entry("pandas.read_orc", FS), Map.entry("pandas.read_sas", FS), Map.entry("pandas.read_spss", FS), Map.entry("pandas.read_stata", FS), Map.entry("pandas.read_clipboard", FS), Map.entry("pandas.read_gbq", FS),
      Map.entry("builtins.__build_class__", EXEC), Map.entry("types.new_class", EXEC),
      // red team 6: callables that pass their arguments on to exec/eval, a shell or an
      // unpickler, found by scripts/find-sinks.py over torch, numpy, joblib, scikit-learn,
      // transformers and the standard library (the list it found is a test resource) and by the
      // peers' samples for modules this interpreter lacks (torch.utils.bottleneck, _pyrepl)
      Map.entry("torch.utils.bottleneck", EXEC), Map.entry("_pyrepl", PROC),
      Map.entry("pipes", PROC), Map.entry("_bootsubprocess", PROC), Map.entry("rlcompleter", EXEC),
      Map.entry("gettext.c2py", EXEC), Map.entry("gettext.gnutranslations._parse", EXEC),
      Map.entry("optparse.values.read_file", EXEC), Map.entry("optparse.values.read_module", EXEC),
      Map.entry("typing.forwardref._evaluate", EXEC), Map.entry("typing._eval_type", EXEC),
      Map.entry("typing.get_type_hints", EXEC), Map.entry("annotationlib", EXEC),
      Map.entry("dataclasses._create_fn", EXEC), Map.entry("dataclasses._funcbuilder", EXEC),
      Map.entry("dataclasses._process_class", EXEC), Map.entry("dataclasses.dataclass", EXEC),
      Map.entry("dataclasses.make_dataclass", EXEC), Map.entry("dataclasses._init_fn", EXEC),
      Map.entry("dataclasses._repr_fn", EXEC), Map.entry("dataclasses._cmp_fn", EXEC),
      Map.entry("dataclasses._hash_fn", EXEC), Map.entry("dataclasses._hash_add", EXEC),
      Map.entry("dataclasses._frozen_get_del_attr", EXEC),
      Map.entry("joblib.externals.loky", PROC), Map.entry("joblib.externals.cloudpickle", EXEC),
      Map.entry("joblib.testing", PROC), Map.entry("joblib.memory.memorizedresult.get", DESER),
      Map.entry("joblib.memory.memorizedfunc", DESER), Map.entry("joblib.memory.memory.cache", DESER),
      Map.entry("sklearn.datasets", NET), Map.entry("sklearn.utils._testing", PROC),
      Map.entry("sklearn.utils.estimator_checks", DESER),
      Map.entry("sklearn.externals.array_api_compat._internal.clone_module", EXEC),
      Map.entry("torch.utils._config_module", DESER), Map.entry("torch._functorch.config", DESER),
      Map.entry("torch._export.config", DESER), Map.entry("torch.distributed.config", DESER),
      Map.entry("torch.compiler.config", DESER), Map.entry("torch.utils.serialization.config", DESER),
      Map.entry("torch._export.serde", DESER), Map.entry("torch._functorch._aot_autograd", EXEC),
      Map.entry("torch._functorch.aot_autograd", EXEC), Map.entry("torch._guards", EXEC),
      Map.entry("torch._higher_order_ops", EXEC), Map.entry("torch._library", EXEC),
      Map.entry("torch._strobelight", PROC), Map.entry("torch._vendor", EXEC),
      Map.entry("torch.cuda._memory_viz", PROC), Map.entry("torch.utils._content_store", DESER),
      Map.entry("torch.utils._get_clean_triton", PROC), Map.entry("torch.utils.benchmark", EXEC),
      Map.entry("torch.distributed.checkpoint.default_planner", DESER),
      Map.entry("torch.distributed.checkpoint.filesystem", DESER),
      Map.entry("torch.distributed.checkpoint.format_utils", DESER),
      Map.entry("torch.distributed.checkpoint._experimental", DESER),
      Map.entry("torch.distributed.checkpoint.state_dict_loader", DESER),
      Map.entry("torch.distributed.flight_recorder", EXEC), Map.entry("torch.distributed.debug", EXEC),
      Map.entry("torch.distributed.nn.jit", EXEC),
      Map.entry("torch.distributed.optim.zero_redundancy_optimizer._broadcast_object", DESER),
      Map.entry("torch.export.pt2_archive", DESER), Map.entry("torch._export.pt2_archive", DESER),
      Map.entry("transformers.trainer", DESER), Map.entry("transformers.modeling_utils.load_state_dict", DESER),
      Map.entry("transformers.modeling_utils._get_dtype", DESER),
      Map.entry("transformers.pipelines", PROC), Map.entry("transformers.testing_utils", PROC),
      Map.entry("transformers.cli", PROC), Map.entry("transformers.dynamic_module_utils", EXEC),
      Map.entry("transformers.utils.hub", NET), Map.entry("transformers.trainer_pt_utils", DESER));

  /**
   * Methods that load files or code from the Hub whatever class of the family they are reached
   * through: {@code BertModel.from_pretrained} is the inherited {@code PreTrainedModel} method,
   * which a pickle can call by that name (and with {@code trust_remote_code}, runs code).
   */
  private static final Map<String, java.util.Set<String>> METHOD_FAMILIES = Map.of(
      "transformers", java.util.Set.of("from_pretrained", "from_config", "load_adapter",
          "load_speakers", "load_tf_weights", "_load_pretrained_model", "_load_from_checkpoint"),
      "diffusers", java.util.Set.of("from_pretrained", "from_single_file", "load_lora_weights",
          "load_textual_inversion", "load_ip_adapter", "from_config"),
      "peft", java.util.Set.of("from_pretrained", "load_adapter"));

  /**
   * Attributes that walk from any object to the interpreter's globals, builtins, classes or code:
   * reaching one through a dotted name ({@code object.__subclasses__}) is a sandbox escape.
   */
  private static final java.util.Set<String> ESCAPE_ATTRIBUTES = java.util.Set.of(
      "__globals__", "__builtins__", "__subclasses__", "__dict__", "__class__", "__base__",
      "__bases__", "__mro__", "__code__", "__closure__", "__func__", "__self__", "__module__",
      "__getattribute__", "__getattr__", "__setattr__", "__delattr__", "__import__", "__loader__",
      "__spec__", "__init__", "__new__", "__call__", "__reduce__", "__reduce_ex__", "__setstate__",
      "__init_subclass__", "__class_getitem__", "__wrapped__", "__get__", "__set__");

  /**
   * Names inside dangerous modules that only rebuild data: copyreg's helpers for plain objects
   * (unlisted, not dangerous) and the list/tensor builders TorchScript archives pickle into
   * {@code constants.pkl} (the archive's {@code code/} is judged separately).
   */
  private static final java.util.Set<String> BENIGN_IN_DANGEROUS_MODULES = java.util.Set.of(
      "copyreg._reconstructor", "copyreg.__newobj__", "copyreg.__newobj_ex__",
      "torch.serialization._get_layout",
      "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_doublelist",
      "torch.jit._pickle.build_boollist", "torch.jit._pickle.build_tensorlist",
      "torch.jit._pickle.build_tensor_from_id", "torch.jit._pickle.restore_type_tag");

  private Catalogue() {}

  /** The category when {@code module.name} (or a module prefix of it) is dangerous, else null. */
  static @Nullable String category(String module, String name) {
    String q = normalise(module) + "." + normalise(name);
    if (BENIGN_IN_DANGEROUS_MODULES.contains(q)) {
      return null;
    }
    String c = lookup(q);
    if (c != null) {
      return c;
    }
    String family = normalise(module).split("\\.", 2)[0];
    java.util.Set<String> methods = METHOD_FAMILIES.get(family);
    if (methods != null && methods.contains(q.substring(q.lastIndexOf('.') + 1))) {
      return family.equals("transformers") || family.equals("diffusers") ? NET : DESER;
    }
    String[] parts = normalise(name).split("\\.", -1);
    for (String p : parts) {
      if (ESCAPE_ATTRIBUTES.contains(p)) {
        return ATTR;
      }
    }
    // pickle protocol 4 walks a dotted name attribute by attribute, so torch's "os.system" is
    // os.system (torch imports os) and collections' "_sys.modules" is sys.modules: judge every
    // tail of a dotted name that is itself module.attribute, with private aliases unprefixed
    for (int i = 0; i + 1 < parts.length; i++) {
      String tail = String.join(".", java.util.Arrays.copyOfRange(parts, i, parts.length));
      c = lookup(tail);
      if (c == null && tail.startsWith("_")) {
        c = lookup(tail.replaceFirst("^_+", ""));
      }
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  private static @Nullable String lookup(String q) {
    String probe = q;
    while (true) {
      String c = ENTRIES.get(probe);
      if (c != null) {
        return c;
      }
      int dot = probe.lastIndexOf('.');
      if (dot <= 0) {
        return null;
      }
      probe = probe.substring(0, dot);
    }
  }

  /**
   * Printable ASCII without spaces or a run of dots: NFKC leaves such a name alone, there is no
   * white space to strip or remove, and no dots to merge, so lower case is all normalising does.
   */
  private static boolean plain(String s) {
    char prev = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c <= ' ' || c >= 0x7f || (c == '.' && prev == '.')) {
        return false;
      }
      prev = c;
    }
    return true;
  }

  private static final java.util.regex.Pattern SPACED_DOT =
      java.util.regex.Pattern.compile("\\s*\\.\\s*");
  private static final java.util.regex.Pattern DOTS = java.util.regex.Pattern.compile("\\.{2,}");
  private static final java.util.regex.Pattern SPACE = java.util.regex.Pattern.compile("\\s+");

  static String normalise(String s) {
    // what every pickle of a real checkpoint names; the full path gives the same for these
    return plain(s) ? s.toLowerCase(Locale.ROOT) : normaliseFully(s);
  }

  static String normaliseFully(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    // "os . system" or "os..system" import nothing in Python, but must not hide the intent
    String x = SPACED_DOT.matcher(n).replaceAll(".");
    x = DOTS.matcher(x).replaceAll(".");
    return SPACE.matcher(x).replaceAll("");
  }
}
