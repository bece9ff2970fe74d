package dev.modelgate.integrity;

import dev.modelgate.io.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Builds the OpenSSF Model Signing manifest of a file or folder: one SHA-256 per file, or per
 * shard ({@code path:start:end}) when sharding. Files (or shards) are hashed in parallel on a
 * bounded pool, one task per file or shard.
 */
public final class ModelHasher {
  /** Paths the reference always leaves out, relative to the model root. */
  public static final List<String> GIT_PATHS = List.of(".git", ".gitattributes", ".github", ".gitignore");

  private final int threads;

  /** Told after each file or shard is hashed, in manifest order (for a progress line). */
  @FunctionalInterface
  public interface Listener {
    void hashed(int done, int total, String name);
  }

  public ModelHasher(int threads) {
    this.threads = Math.max(1, threads);
  }

  public static ModelHasher defaults() {
    return new ModelHasher(Runtime.getRuntime().availableProcessors());
  }

  /**
   * Hashes {@code model}, leaving out {@code serialization.ignorePaths()} (the caller adds the git
   * paths and the signature file). With {@code only} non-null, hashes just those names (the
   * {@code --ignore-unsigned-files} mode).
   */
  public Manifest hash(Path model, Serialization serialization, @Nullable Collection<String> only)
      throws IOException, IntegrityException {
    return hash(model, serialization, only, null);
  }

  /** As {@link #hash(Path, Serialization, Collection)}, telling {@code listener} (if not null). */
  public Manifest hash(Path model, Serialization serialization,
      @Nullable Collection<String> only, @Nullable Listener listener) throws IOException, IntegrityException {
    Set<String> ignore = new LinkedHashSet<>();
    for (String p : serialization.ignorePaths()) {
      ignore.add(normalize(p));
    }
    List<ModelWalker.Entry> files = ModelWalker.walk(model, ignore, serialization.allowSymlinks(), only);
    List<Task> tasks = new ArrayList<>();
    for (ModelWalker.Entry e : files) {
      if (!serialization.sharded()) {
        tasks.add(new Task(e, 0, e.size(), e.name()));
      } else {
        // Empty files have no shards, so the reference leaves them out of sharded manifests.
        long step = serialization.shardSize();
        if ((e.size() + step - 1) / step > Statement.MAX_RESOURCES - tasks.size()) {
          throw new IntegrityException(e.name() + ": shard size " + step + " gives more than "
              + Statement.MAX_RESOURCES + " shards");
        }
        for (long s = 0; s < e.size(); s += step) {
          long end = Math.min(e.size(), s + step);
          tasks.add(new Task(e, s, end, e.name() + ":" + s + ":" + end));
        }
      }
    }
    List<ManifestItem> items = run(tasks, serialization.itemAlgorithm(),
        listener == null ? (d, t, n) -> { } : listener);
    return new Manifest(modelName(model), items, serialization);
  }

  private record Task(ModelWalker.Entry entry, long start, long end, String name) {}

  private List<ManifestItem> run(List<Task> tasks, String algorithm, Listener listener)
      throws IOException {
    ManifestItem[] items = new ManifestItem[tasks.size()];
    if (tasks.size() <= 1 || threads == 1) {
      for (int k = 0; k < items.length; k++) {
        items[k] = hash(tasks.get(k), algorithm);
        listener.hashed(k + 1, tasks.size(), items[k].name());
      }
      return List.of(items);
    }
    // Largest first, so no core is left alone with a big file at the end while the other
    // idles (a whole-file digest cannot be split); the manifest keeps the walk's order.
    Integer[] order = new Integer[tasks.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, Comparator.comparingLong((Integer k) -> tasks.get(k).start()
        - tasks.get(k).end()));
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
      Thread th = new Thread(r, "modelgate-hash");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<?>> futures = new ArrayList<>(Collections.nCopies(tasks.size(), null));
      for (int k : order) {
        futures.set(k, pool.submit(() -> {
          items[k] = hash(tasks.get(k), algorithm);
          return null;
        }));
      }
      // the listener hears files in walk order, on this thread, as their digests are ready
      for (int k = 0; k < futures.size(); k++) {
        futures.get(k).get(); // also makes the workers' writes to items visible here
        listener.hashed(k + 1, tasks.size(), items[k].name());
      }
      return List.of(items);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("hashing failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hashing", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static ManifestItem hash(Task t, String algorithm) throws IOException {
    return new ManifestItem(t.name(), algorithm,
        Sha256.hex(ContentHasher.sha256(t.entry().file(), t.start(), t.end())));
  }

  /** The reference names a model after its last path component (resolved for "." or ".."). */
  static String modelName(Path model) {
    Path name = model.normalize().getFileName();
    if (name == null || name.toString().isEmpty() || name.toString().equals("..")) {
      try {
        name = model.toRealPath().getFileName();
      } catch (IOException e) {
        name = model.toAbsolutePath().normalize().getFileName();
      }
    }
    return name == null ? "" : name.toString();
  }

  static String normalize(String p) {
    String s = p.replace('\\', '/');
    while (s.startsWith("./")) {
      s = s.substring(2);
    }
    while (s.endsWith("/") && s.length() > 1) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
