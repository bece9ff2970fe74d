package dev.modelgate.format.pickle;

import dev.modelgate.format.pickle.PickleDescription.CallSite;
import dev.modelgate.format.pickle.PickleValue.Call;
import dev.modelgate.format.pickle.PickleValue.CallKind;
import dev.modelgate.format.pickle.PickleValue.Dict;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.spi.Folder;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * joblib before 0.10 kept arrays in files beside the pickle: the BUILD state of an
 * {@code NDArrayWrapper} names one, and {@code joblib.load} opens
 * {@code os.path.join(folder, filename)} with {@code np.load(allow_pickle=True)} (so a pickle
 * there runs) or, for {@code ZNDArrayWrapper}, reads it raw. os.path.join drops the folder for
 * an absolute name and keeps {@code ..}, so the name alone can make loading reach any file.
 */
final class WrapperFiles {
  private static final Set<String> WRAPPERS = Set.of(
      "joblib.numpy_pickle_compat.NDArrayWrapper", "joblib.numpy_pickle.NDArrayWrapper",
      "joblib.numpy_pickle_compat.ZNDArrayWrapper", "joblib.numpy_pickle.ZNDArrayWrapper");
  /** Absolute on POSIX or Windows, or a drive-relative Windows name. */
  private static final Pattern ROOTED = Pattern.compile("^([/\\\\]|[A-Za-z]:).*", Pattern.DOTALL);
  private static final Pattern PARENT = Pattern.compile("(^|.*[/\\\\])\\.\\.([/\\\\].*|$)",
      Pattern.DOTALL);

  private WrapperFiles() {}

  static void check(ScanContext ctx, PickleDescription d, String location) throws IOException {
    int scanned = 0;
    for (CallSite site : d.calls()) {
      Call c = site.call();
      if (c.kind() != CallKind.SETSTATE || !(c.callable() instanceof Call target)
          || target.global() == null || !WRAPPERS.contains(target.global().qualified())) {
        continue;
      }
      String where = PickleScanner.loc(location, site.offset());
      PickleValue name = c.args().isEmpty() || !(c.args().get(0) instanceof Dict state) ? null
          : state.get("filename");
      if (!(name instanceof Str s) || !s.complete()) {
        // name is null when the state is not a dict or has no filename
        ctx.suspicious("pickle.wrapper-file", target.global().qualified() + " names its array"
            + " file with " + (name == null ? "nothing" : Render.value(name))
            + ", which cannot be checked", where, site.text());
        continue;
      }
      String file = s.text();
      if (ROOTED.matcher(file).matches() || PARENT.matcher(file).matches()) {
        ctx.malicious("pickle.wrapper-file", "joblib.load reads the array of "
            + target.global().qualified() + " from '" + Text.clip(file) + "', outside the model's"
            + " folder (np.load with allow_pickle=True: a pickle there runs)", where, site.text());
        continue;
      }
      if (scanned++ < PickleLimits.MAX_EMBEDDED) {
        sibling(ctx, file, where, site.text(), !target.global().name().startsWith("Z"));
      }
    }
  }

  /**
   * A plain name: the sibling file is part of the model, so it is scanned too when present. For
   * an NDArrayWrapper ({@code pickling}: np.load with allow_pickle=True) the file's safety depends
   * on that sibling, which is missing or can be swapped after the scan: the file itself is
   * suspicious, whatever the sibling holds today. A ZNDArrayWrapper's file is read raw.
   */
  private static void sibling(ScanContext ctx, String file, String where, String evidence,
      boolean pickling) throws IOException {
    String name = "'" + Text.clip(file) + "'";
    if (ctx.folder().isEmpty()) {
      depends(ctx, pickling, "reads an array from the sibling file " + name + ", which cannot"
          + " be checked here", where, evidence);
      return;
    }
    Folder folder = ctx.folder().get();
    Folder.Entry e = folder.lookup(file);
    switch (e.kind()) {
      case MISSING, DANGLING -> depends(ctx, pickling, "would read the missing sibling file "
          + name + ": whoever puts a file there decides what loading runs", where, evidence);
      case OUTSIDE -> ctx.malicious("pickle.wrapper-file", "array file " + name + " is a link"
          + " that leaves the model's folder (" + e.target() + ")", where, evidence);
      case FILE -> {
        if (!e.self()) {
          ctx.member(file, folder.open(file));
        }
        depends(ctx, pickling, "reads an array from the sibling file " + name + " (scanned"
            + " with it): the file is only as safe as that sibling, which can be swapped later",
            where, evidence);
      }
      case SPECIAL -> depends(ctx, pickling, "would read the sibling " + name + ", a FIFO, socket"
          + " or device, whose content no scan can see", where, evidence);
      case DIRECTORY -> { } // nothing np.load could read
    }
  }

  private static void depends(ScanContext ctx, boolean pickling, String what, String where,
      String evidence) {
    if (pickling) {
      ctx.suspicious("pickle.wrapper-sibling", "joblib.load " + what + "; it is loaded with"
          + " np.load(allow_pickle=True), so a pickle there runs", where, evidence);
    } else {
      ctx.note("pickle.wrapper-file", "joblib.load " + what + " (read raw, not unpickled)",
          where, evidence);
    }
  }
}
