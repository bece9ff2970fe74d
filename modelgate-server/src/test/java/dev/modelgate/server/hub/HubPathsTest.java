package dev.modelgate.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.server.http.HttpError;
import org.junit.jupiter.api.Test;

class HubPathsTest {
  @Test
  void resolvePathsOfOneAndTwoPartRepositories() throws Exception {
    assertThat(HubPaths.resolve("/acme/m/resolve/main/a/b.bin"))
        .isEqualTo(new HubPaths.Resolve("acme/m", "main", "a/b.bin"));
    assertThat(HubPaths.resolve("/gpt2/resolve/main/config.json"))
        .isEqualTo(new HubPaths.Resolve("gpt2", "main", "config.json"));
    assertThat(HubPaths.resolve("/acme/m/resolve/refs%2Fpr%2F1/x.json").revision())
        .isEqualTo("refs/pr/1");
    assertThat(HubPaths.resolve("/acme/m/resolve/main/w%C3%A9%20x.bin").path())
        .isEqualTo("wé x.bin");
  }

  @Test
  void apiPaths() throws Exception {
    assertThat(HubPaths.api("/api/models/acme/m")).isEqualTo(new HubPaths.Api("acme/m", "info",
        "main", ""));
    assertThat(HubPaths.api("/api/models/acme/m/revision/v1.0"))
        .isEqualTo(new HubPaths.Api("acme/m", "revision", "v1.0", ""));
    assertThat(HubPaths.api("/api/models/gpt2/tree/main/sub%2Fdir"))
        .isEqualTo(new HubPaths.Api("gpt2", "tree", "main", "sub/dir"));
  }

  @Test
  void refusesWhatCouldLeaveItsFolder() {
    for (String p : new String[] {"/acme/m/resolve/main/..", "/acme/m/resolve/main/a/../b",
        "/acme/m/resolve/main/%2e%2E/b", "/acme/m/resolve/main/a%5cb", "/acme/m/resolve/main/a%00",
        "/acme/m/resolve/main//x", "/acme/m/resolve/main/x/", "/acme/m/resolve/..%2fx/y",
        "/acme/m/resolve/main/%C0%AE%C0%AE/x", "/acme/m/resolve/main/%zz", "/a--b/m/resolve/x/y",
        "/acme/m./resolve/main/x", "/acme/m/resolve/main/C:x", "/acme/m/resolve/ma%01in/x",
        "/acme/m/resolve/main/%C2%85x"}) {
      assertThatThrownBy(() -> HubPaths.resolve(p)).as(p).isInstanceOf(HttpError.class)
          .satisfies(e -> assertThat(((HttpError) e).status()).isEqualTo(400));
    }
  }

  @Test
  void upstreamPathsAreEncoded() {
    assertThat(HubPaths.encodePath("a b/é?#.bin")).isEqualTo("a%20b/%C3%A9%3F%23.bin");
    assertThat(HubPaths.encodeSegment("refs/pr/1")).isEqualTo("refs%2Fpr%2F1");
  }
}
