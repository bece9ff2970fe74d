package dev.modelgate.format.rdata;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * R functions that run commands, evaluate text, touch files or the network, or load native
 * code. A stored function, formula, call or promise that names one of them (as a symbol, or as
 * the string {@code do.call} takes) runs it when the object is used.
 */
final class RFunctions {
  private static final String PROC = "process execution";
  private static final String EVAL = "code evaluation";
  private static final String FS = "file system access";
  private static final String NET = "network access";
  private static final String NATIVE = "native code loading";

  private static final Map<String, String> DANGEROUS = Map.ofEntries(
      Map.entry("system", PROC), Map.entry("system2", PROC), Map.entry("shell", PROC),
      Map.entry("shell.exec", PROC), Map.entry("pipe", PROC), Map.entry("processx", PROC),
      Map.entry("eval", EVAL), Map.entry("evalq", EVAL), Map.entry("eval.parent", EVAL),
      Map.entry("parse", EVAL), Map.entry("str2lang", EVAL), Map.entry("str2expression", EVAL),
      Map.entry("source", EVAL), Map.entry("sys.source", EVAL), Map.entry("reg.finalizer", EVAL),
      Map.entry("unserialize", EVAL), Map.entry("readRDS", EVAL), Map.entry("load", EVAL),
      Map.entry("file", FS), Map.entry("gzfile", FS), Map.entry("bzfile", FS),
      Map.entry("xzfile", FS), Map.entry("unz", FS), Map.entry("fifo", FS),
      Map.entry("file.remove", FS), Map.entry("unlink", FS), Map.entry("file.rename", FS),
      Map.entry("file.copy", FS), Map.entry("file.create", FS), Map.entry("file.append", FS),
      Map.entry("dir.create", FS), Map.entry("Sys.chmod", FS), Map.entry("Sys.setenv", FS),
      Map.entry("Sys.getenv", FS), Map.entry("setwd", FS), Map.entry("saveRDS", FS),
      Map.entry("save", FS), Map.entry("writeBin", FS), Map.entry("readBin", FS),
      Map.entry("writeLines", FS), Map.entry("readLines", FS), Map.entry("sink", FS),
      Map.entry("url", NET), Map.entry("download.file", NET), Map.entry("socketConnection", NET),
      Map.entry("socketAccept", NET), Map.entry("serverSocket", NET), Map.entry("make.socket", NET),
      Map.entry("curl", NET), Map.entry("install.packages", NET),
      Map.entry("dyn.load", NATIVE), Map.entry("library.dynam", NATIVE));

  /** Names that mean the function wherever they appear in code (as an argument or string). */
  private static final java.util.Set<String> STRONG = java.util.Set.of("system", "system2",
      "shell", "shell.exec", "eval", "evalq", "str2lang", "str2expression", "dyn.load",
      "library.dynam", "download.file", "socketConnection", "reg.finalizer", "sys.source");

  private RFunctions() {}

  /** The category when {@code name} is dangerous even outside a call's function position. */
  static @Nullable String strong(String name) {
    return STRONG.contains(name) ? DANGEROUS.get(name) : null;
  }

  /** The category of a dangerous function name, or null. */
  static @Nullable String category(String name) {
    return DANGEROUS.get(name);
  }
}
