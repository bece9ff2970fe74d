package dev.modelgate.server.testhub;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Test classes that share one local Hub over the fixture repositories. */
public abstract class WithHub {
  protected static LocalHub hub;

  @BeforeAll
  static void startHub() throws Exception {
    hub = new LocalHub(GatewayHarness.HUB_ROOT, 0);
  }

  @AfterAll
  static void stopHub() throws Exception {
    hub.close();
  }
}
