package dev.modelgate.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Public keys come from the key file when it has one, else from the JDK's constant-time ECDH. */
class KeyPairTest {

  @ParameterizedTest
  @ValueSource(strings = {"p256", "p384", "p521"})
  void bothKeyFormsGiveTheRealPublicKey(String curve) throws Exception {
    byte[] expected = Fixtures.publicKey(curve + "-pub.pem").getEncoded();
    for (String form : new String[] {"-sec1.pem", "-pkcs8.pem"}) {
      String pem = Fixtures.text(Fixtures.KEYS.resolve(curve + form));
      assertThat(Keys.keyPair(pem).getPublic().getEncoded()).as(form).isEqualTo(expected);
      assertThat(Keys.publicOf(Keys.privateKey(pem)).getEncoded()).as(form).isEqualTo(expected);
    }
  }

  @Test
  void aKeyFileWhosePublicKeyBelongsToAnotherKeyIsRefused() throws Exception {
    byte[] mine = pemBody(Fixtures.text(Fixtures.KEYS.resolve("p256-sec1.pem")));
    KeyPair other = Keys.keyPair(Fixtures.text(Fixtures.KEYS.resolve("other-pkcs8.pem")));
    byte[] theirs = ((java.security.interfaces.ECPublicKey) other.getPublic()).getW().getAffineX()
        .toByteArray();
    byte[] point = Keys.sec1PublicPoint(mine);
    assertThat(point).isNotNull().hasSize(65);
    // overwrite X of the embedded point with the other key's X (Y no longer matches either)
    byte[] x = new byte[32];
    System.arraycopy(theirs, Math.max(0, theirs.length - 32), x, Math.max(0, 32 - theirs.length),
        Math.min(32, theirs.length));
    int at = indexOf(mine, point);
    System.arraycopy(x, 0, mine, at + 1, 32);
    String forged = "-----BEGIN EC PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(mine)
        + "\n-----END EC PRIVATE KEY-----\n";
    assertThatThrownBy(() -> Keys.keyPair(forged)).isInstanceOf(IntegrityException.class)
        .hasMessageContaining("public key");
  }

  private static byte[] pemBody(String pem) {
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(b64);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (java.util.Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("point not found");
  }
}
