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
        ctx.suspicious("pickle.wrapper-file", target.global().qualified() + " names its array"
            + " file with " + Render.value(name) + ", which cannot be checked", where, site.text());
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
        sibling(ctx, file, where, site.text());
      }
    }
  }

  /** A plain name: the sibling file is part of the model, so it is scanned too when present. */
  private static void sibling(ScanContext ctx, String file, String where, String evidence)
      throws IOException {
    if (ctx.folder().isEmpty()) {
      ctx.note("pickle.wrapper-file", "joblib.load reads an array from the sibling file '"
          + Text.clip(file) + "', which cannot be checked here", where, evidence);
      return;
    }
    Folder folder = ctx.folder().get();
    Folder.Entry e = folder.lookup(file);
    switch (e.kind()) {
      case MISSING, DANGLING -> ctx.note("pickle.wrapper-file", "joblib.load would read the"
          + " missing sibling file '" + Text.clip(file) + "'", where, evidence);
      case OUTSIDE -> ctx.malicious("pickle.wrapper-file", "array file '" + Text.clip(file)
          + "' is a link that leaves the model's folder (" + e.target() + ")", where, evidence);
      case FILE -> {
        if (!e.self()) {
          ctx.member(file, folder.open(file));
        }
      }
      case DIRECTORY, SPECIAL -> { } // nothing np.load could read
    }
  }
}
