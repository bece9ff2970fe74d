package dev.modelgate.format.caffe;

import dev.modelgate.policy.Judgement;
import dev.modelgate.spi.ScanContext;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns a Caffe net into findings. */
final class CaffeRules {
  static final String PYTHON_LAYER = "caffe.python-layer";
  static final String PYTHON_INCOMPLETE = "caffe.python-layer-incomplete";
  static final String DANGEROUS_MODULE = "caffe.python-dangerous";
  static final String PARAM_CODE = "caffe.python-param-code";
  static final String FILE_WRITE = "caffe.file-write";
  static final String BLOB = "caffe.blob-shape";
  static final int SHOWN = 200;
  /**
   * Python layers commonly {@code yaml.load} or {@code eval} their param_str; a PyYAML python tag
   * or a call into the import or process machinery there is code riding in the net file.
   */
  private static final Pattern CODE_IN_PARAM = Pattern.compile("!!python/|__import__|\\bexec\\s*\\("
      + "|\\beval\\s*\\(|\\bos\\.(system|popen|exec)|\\bsubprocess\\b|\\bcompile\\s*\\(");

  private CaffeRules() {}

  static void check(ScanContext ctx, NetParameter net) {
    for (LayerParameter l : net.layers()) {
      String what = "layer '" + clip(l.name()) + "'";
      if (l.python() != null || l.type().equals("Python")) {
        python(ctx, l, what);
      }
      if (l.outputFile() != null || l.type().equals("HDF5Output")) {
        ctx.malicious(FILE_WRITE, what + " is an HDF5Output layer: building the net creates (and"
            + " truncates) the file it names", l.location(),
            "file_name='" + clip(l.outputFile() == null ? "" : l.outputFile()) + "'");
      }
      for (int k = 0; k < l.blobs().size(); k++) {
        BlobProto b = l.blobs().get(k);
        String problem = b.problem();
        if (problem != null) {
          ctx.invalid(BLOB, what + " blobs[" + k + "]: " + problem
              + "; Caffe aborts when it loads it", b.location());
        }
      }
    }
  }

  private static void python(ScanContext ctx, LayerParameter l, String what) {
    LayerParameter.PythonParameter p = l.python() == null
        ? new LayerParameter.PythonParameter("", "", "") : l.python();
    String evidence = "module='" + clip(p.module()) + "' layer='" + clip(p.layer()) + "'";
    if (p.module().isBlank() || p.layer().isBlank()) {
      ctx.invalid(PYTHON_INCOMPLETE, what + " is a Python layer without a module and class name;"
          + " pycaffe cannot build it", l.location());
    } else {
      Judgement j = ctx.policy().judge(p.module().strip(), p.layer().strip());
      if (j.dangerous()) {
        ctx.malicious(DANGEROUS_MODULE, what + " makes pycaffe import " + clip(p.module())
            + " and call " + clip(p.layer()) + " when the net is built (" + j.category() + ")"
            + (j.userAllowed() ? "; the user's allowlist was overridden" : ""),
            l.location(), evidence);
      } else if (j.userAllowed()) {
        ctx.note(PYTHON_LAYER, what + " runs Python layer " + clip(p.module()) + "."
            + clip(p.layer()) + ", allowed by the user's policy", l.location(), evidence);
      } else {
        ctx.suspicious(PYTHON_LAYER, what + " makes pycaffe import Python module "
            + clip(p.module()) + " and run its class " + clip(p.layer())
            + " when the net is built; that code is not in the file and must be trusted",
            l.location(), evidence);
      }
    }
    if (CODE_IN_PARAM.matcher(p.paramStr().toLowerCase(Locale.ROOT)).find()) {
      ctx.malicious(PARAM_CODE, what + "'s param_str holds code for the layer to evaluate",
          l.location(), "param_str='" + clip(p.paramStr()) + "'");
    }
  }

  static String clip(String s) {
    String one = s.replaceAll("\\p{Cntrl}", "?");
    return one.length() <= SHOWN ? one : one.substring(0, SHOWN - 3) + "...";
  }
}
