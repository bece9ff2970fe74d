package dev.modelgate.format.keras;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.json.Json;
import dev.modelgate.policy.Policy;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KerasConfigTest {

  private static List<Finding> check(String json, Policy policy) throws Exception {
    List<Finding> out = new ArrayList<>();
    KerasConfig.check(Json.parse(json.replace('\'', '"')), policy, "config.json", out);
    return out;
  }

  private static List<Finding> check(String json) throws Exception {
    return check(json, Policy.defaults());
  }

  /** A marshalled code object head followed by short ASCII names, as marshal writes them. */
  private static String code(String... names) {
    StringBuilder sb = new StringBuilder();
    sb.append((char) 0xe3).append("\0\0\0\0");
    sb.append('s').append((char) 2).append("\0\0\0").append("|\0");
    for (String n : names) {
      sb.append((char) 0xda).append((char) n.length()).append(n);
    }
    byte[] b = sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    return Base64.getMimeEncoder().encodeToString(b).replace("\r\n", "\\n");
  }

  @Test
  void keras2LambdaNestedInAWrapperInsideAModel() throws Exception {
    String cfg = "{'class_name':'Sequential','config':{'layers':[{'class_name':'TimeDistributed',"
        + "'config':{'layer':{'class_name':'Lambda','config':{'function':['" + code("os", "system")
        + "',null,null],'function_type':'lambda'}}}}]}}";
    List<Finding> f = check(cfg);
    assertThat(f).extracting(Finding::rule).containsExactly("keras.lambda-code");
    assertThat(f.get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(f.get(0).evidence()).contains("'os'", "'system'");
  }

  @Test
  void lambdaCodeThatIsNotBase64IsStillCode() throws Exception {
    List<Finding> f = check("{'class_name':'__lambda__','config':{'code':'%%%'}}");
    assertThat(f).extracting(Finding::verdict).containsExactly(Verdict.MALICIOUS);
  }

  @Test
  void keras2NamedFunctionFromOsIsDangerous() throws Exception {
    List<Finding> f = check("{'class_name':'Lambda','config':{'function':'system',"
        + "'function_type':'function','module':'os'}}");
    assertThat(f).extracting(Finding::evidence).containsExactly("os.system");
  }

  @Test
  void dangerousReferencesAnywhereInTheTree() throws Exception {
    assertThat(check("{'a':[{'b':{'module':'subprocess','class_name':'Popen','config':{}}}]}"))
        .extracting(Finding::verdict).containsExactly(Verdict.MALICIOUS);
    assertThat(check("{'module':'keras.src.utils.file_utils','class_name':'function',"
        + "'config':'get_file','registered_name':'get_file'}"))
        .extracting(Finding::verdict).containsExactly(Verdict.MALICIOUS);
    assertThat(check("{'module':'tensorflow.io','class_name':'function','config':'write_file'}"))
        .extracting(Finding::verdict).containsExactly(Verdict.MALICIOUS);
  }

  @Test
  void builtinKerasObjectsAreClean() throws Exception {
    assertThat(check("{'module':'keras.layers','class_name':'Dense','config':{'activation':"
        + "'relu','kernel_initializer':{'module':'keras.initializers','class_name':"
        + "'GlorotUniform','config':{'seed':null},'registered_name':null}},"
        + "'registered_name':null}")).isEmpty();
    assertThat(check("{'module':'keras.activations','class_name':'function','config':'relu'}"))
        .isEmpty();
  }

  @Test
  void objectsFromOutsideKerasAreSuspiciousUnlessAllowed() throws Exception {
    String cfg = "{'module':'acme.layers','class_name':'Scale','config':{}}";
    assertThat(check(cfg)).extracting(Finding::verdict).containsExactly(Verdict.SUSPICIOUS);
    assertThat(check(cfg, Policy.defaults().allow(List.of("acme.*")))).isEmpty();
    assertThat(check("{'module':null,'class_name':'Scale','registered_name':'acme>Scale'}"))
        .extracting(Finding::rule).containsExactly("keras.custom-object");
  }

  @Test
  void marshalStringsSkipBytecodeAndBoundNames() {
    byte[] b = Base64.getMimeDecoder().decode(code("print", "hello").replace("\\n", "\n"));
    assertThat(MarshalStrings.isCode(b)).isTrue();
    assertThat(MarshalStrings.names(b)).containsExactly("print", "hello");
    assertThat(MarshalStrings.names(new byte[] {'z', (byte) 200, 'a'})).isEmpty();
    assertThat(MarshalStrings.decode("not base64 !")).isNull();
  }
}
