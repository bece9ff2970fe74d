package dev.modelgate.server.hub;

import dev.modelgate.integrity.Bundle;
import dev.modelgate.integrity.BundleVerifier;
import dev.modelgate.integrity.IntegrityException;
import dev.modelgate.integrity.ModelHasher;
import dev.modelgate.integrity.ModelVerifier;
import dev.modelgate.server.config.RepoPolicy;
import dev.modelgate.server.config.SignaturePolicy;
import dev.modelgate.server.store.BlobStore;
import dev.modelgate.server.store.HubStore;
import dev.modelgate.server.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Signature checks of a whole revision, for repositories whose policy requires them: every file
 * of the commit is fetched (checked and scanned as always), laid out as a folder of hard links to
 * the blobs, and verified against the repository's OpenSSF Model Signing bundle with the
 * configured keys, CAs or Sigstore identities. Until that succeeds no file of the revision is
 * served. The result is kept per commit and signature policy.
 */
final class Signatures implements AutoCloseable {
  private final Fetcher fetcher;
  private final Store store;
  private final Flights<HubStore.Check> flights = new Flights<>("modelgate-verify");

  Signatures(Fetcher fetcher, Store store) {
    this.fetcher = fetcher;
    this.store = store;
  }

  CompletableFuture<HubStore.Check> check(String repo, String commit, Tree tree,
      RepoPolicy policy) {
    SignaturePolicy sp = policy.signatures();
    String key = key(sp);
    return flights.run(repo + "\n" + commit + "\n" + key, () -> {
      var cached = store.hub().check(repo, commit, key);
      if (cached.isPresent()) {
        return cached.get();
      }
      HubStore.Check c = verify(repo, commit, tree, policy, sp);
      store.hub().putCheck(repo, commit, key, c);
      return c;
    });
  }

  private HubStore.Check verify(String repo, String commit, Tree tree, RepoPolicy policy,
      SignaturePolicy sp) throws Exception {
    Tree.Entry sig = tree.file(sp.file());
    if (sig == null) {
      return new HubStore.Check(false, "the repository has no signature (" + sp.file() + ")");
    }
    if (sig.fileSize() > Bundle.MAX_SIZE) {
      return new HubStore.Check(false, sp.file() + " is too large to be a signature");
    }
    List<CompletableFuture<Fetcher.Stored>> all = new ArrayList<>();
    for (Tree.Entry e : tree.files()) {
      all.add(fetcher.fetch(repo, commit, e, policy).stored);
    }
    List<Fetcher.Stored> stored = new ArrayList<>();
    for (CompletableFuture<Fetcher.Stored> f : all) {
      stored.add(Wait.upTo(f, java.time.Duration.ofDays(1)));
    }
    Path dir = store.blobs().tempDir("verify");
    try {
      List<Tree.Entry> files = tree.files();
      for (int i = 0; i < files.size(); i++) {
        Path target = dir.resolve(files.get(i).path()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("unsafe path in the tree: " + files.get(i).path());
        }
        Files.createDirectories(target.getParent());
        Files.createLink(target, store.blobs().path(stored.get(i).sha256()));
      }
      Bundle bundle;
      try {
        bundle = Bundle.parse(Files.readAllBytes(dir.resolve(sp.file())));
      } catch (IntegrityException e) {
        return new HubStore.Check(false, sp.file() + " is not a valid signature bundle: "
            + e.getMessage());
      }
      List<String> ignore = new ArrayList<>(ModelHasher.GIT_PATHS);
      ignore.add(sp.file());
      ignore.addAll(sp.ignorePaths());
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < sp.verifiers().size(); i++) {
        BundleVerifier v = sp.verifiers().get(i);
        try {
          ModelVerifier.Result r = new ModelVerifier(ModelHasher.defaults())
              .verify(dir, bundle, v, ignore, false);
          return new HubStore.Check(true, "verified with " + sp.names().get(i) + ": "
              + r.items() + " items");
        } catch (IntegrityException e) {
          failures.add(sp.names().get(i) + ": " + e.getMessage());
        }
      }
      return new HubStore.Check(false, "signature verification failed: "
          + String.join("; ", failures));
    } finally {
      BlobStore.deleteTree(dir);
    }
  }

  /** What a check depends on: the signature file, the verifiers, the ignored paths. */
  static String key(SignaturePolicy sp) {
    String text = sp.file() + "\n" + String.join("\n", sp.names()) + "\n"
        + String.join("\n", sp.ignorePaths()) + "\n" + sp.fingerprint();
    try {
      return "sig-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    flights.close();
  }
}
