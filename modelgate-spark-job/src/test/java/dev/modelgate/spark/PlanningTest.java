package dev.modelgate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing into units and packing them into tasks, on the driver (no Spark needed). */
class PlanningTest {
  @TempDir
  Path dir;

  @Test
  void modelFoldersAreUnitsOutermostFirstOtherFilesAreTheirOwn() throws Exception {
    Fixtures.copy("archives/torch_state_dict.pt", dir.resolve("a/loose.pt"));
    Fixtures.copyTree(Fixtures.CORE.resolve("protobuf/tensorflow/read_file"),
        dir.resolve("a/saved"));
    // a SavedModel inside a Hugging Face repo snapshot: the snapshot is the unit
    Path snap = dir.resolve("hub/models--org--m/snapshots/abc123");
    Files.createDirectories(snap);
    Files.writeString(snap.resolve("README.md"), "model card");
    Fixtures.copyTree(Fixtures.CORE.resolve("protobuf/tensorflow/read_file"),
        snap.resolve("tf"));
    List<Unit> units = Listing.of(new Configuration(), List.of(dir.toString()));
    Map<String, Unit> byPath = units.stream().collect(Collectors.toMap(Unit::path, u -> u));
    assertThat(byPath).containsOnlyKeys(Fixtures.uri(dir.resolve("a/loose.pt")),
        Fixtures.uri(dir.resolve("a/saved")), Fixtures.uri(snap));
    Unit saved = byPath.get(Fixtures.uri(dir.resolve("a/saved")));
    assertThat(saved.folder()).isTrue();
    assertThat(saved.files()).isEqualTo(4);
    assertThat(byPath.get(Fixtures.uri(snap)).files()).isEqualTo(5);
  }

  @Test
  void remoteModelFoldersAreUnitsToo() throws Exception {
    Fixtures.copyTree(Fixtures.CORE.resolve("convert/hf_sharded"), dir.resolve("m"));
    Configuration conf = new Configuration();
    conf.set("fs.mgtest.impl", TestFileSystem.class.getName());
    List<Unit> units = Listing.of(conf, List.of(Fixtures.testUri(dir)));
    assertThat(units).singleElement().satisfies(u -> {
      assertThat(u.folder()).isTrue();
      assertThat(u.path()).isEqualTo(Fixtures.testUri(dir.resolve("m")));
      assertThat(u.files()).isEqualTo(4);
    });
  }

  @Test
  void tasksAreBalancedBySizeNotByFolder() {
    List<Unit> units = new ArrayList<>();
    long hashLimit = 256L << 20;
    for (int i = 0; i < 1000; i++) {
      units.add(Unit.file("file:/org-a/small-" + i, 10_000 + i, 0));
    }
    for (int i = 0; i < 8; i++) {
      units.add(Unit.file("file:/org-b/large-" + i, 200L << 20, 0));
    }
    int n = Packing.tasks(units, 0, 4, hashLimit);
    assertThat(n).isEqualTo(8);
    List<List<Unit>> bins = Packing.bins(units, n, hashLimit);
    List<Long> costs = bins.stream()
        .map(b -> b.stream().mapToLong(u -> u.cost(hashLimit)).sum()).toList();
    long max = costs.stream().mapToLong(Long::longValue).max().orElseThrow();
    long min = costs.stream().mapToLong(Long::longValue).min().orElseThrow();
    assertThat(max - min).as("spread").isLessThanOrEqualTo(Unit.FILE_COST + 20_000);
    assertThat(costs).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(bins.stream().mapToInt(List::size).sum()).isEqualTo(1008);
    // a file over the hash limit is only read where its structure lies
    assertThat(Unit.file("file:/huge", 10L << 30, 0).cost(hashLimit))
        .isEqualTo(Unit.FILE_COST + Unit.HEADER_COST);
  }

  @Test
  void sameSizedFilesShareATaskNextToEachOther() {
    long hashLimit = 256L << 20;
    List<List<Unit>> groups = new ArrayList<>();
    for (int g = 0; g < 40; g++) {
      List<Unit> same = new ArrayList<>();
      for (int i = 0; i <= g % 5; i++) {
        same.add(Unit.file("file:/hub/g" + g + "-" + i, 1000 + g, 0).withDedupe());
      }
      groups.add(same);
    }
    List<List<Unit>> bins = Packing.packGroups(groups, 4, hashLimit);
    assertThat(bins).hasSize(4);
    for (List<Unit> g : groups) {
      List<Unit> bin = bins.stream().filter(b -> b.contains(g.get(0))).findFirst().orElseThrow();
      int at = bin.indexOf(g.get(0));
      assertThat(bin.subList(at, at + g.size())).as("one run, in one task").isEqualTo(g);
    }
    List<Long> costs = bins.stream().map(b -> Packing.cost(b, hashLimit)).toList();
    assertThat(costs.get(0) - costs.get(3)).as("spread").isLessThanOrEqualTo(5 * Unit.FILE_COST
        + 5 * 1040);
  }
}
