package dev.netseg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.netseg.operator.crd.Mode;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.profile.ProfileValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sample profiles in deploy/examples are valid SegmentationProfiles for the example shop: every
 * field known (a typo would be dropped silently by the API server's pruning), every value accepted
 * by the operator's validation, one profile per namespace, Observe first, then Enforce on the same
 * profiles (a second profile in a namespace would conflict with the first).
 */
class ExampleProfilesTest {
  static final Path DIR = Path.of("deploy", "examples");
  static final Set<String> SHOP_NAMESPACES = Set.of("shop", "payments", "data");

  private static final ObjectMapper STRICT =
      new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"01-observe.yaml, Observe", "02-enforce.yaml, Enforce"})
  void sampleProfilesAreValidAndCoverTheShop(String file, Mode mode) throws IOException {
    List<SegmentationProfile> profiles = read(DIR.resolve(file));

    assertThat(profiles)
        .extracting(p -> p.getMetadata().getNamespace())
        .containsExactlyInAnyOrderElementsOf(SHOP_NAMESPACES);
    ProfileValidator validator = new ProfileValidator(Set.of());
    assertThat(profiles)
        .allSatisfy(
            p -> {
              assertThat(p.getApiVersion()).isEqualTo("netseg.dev/v1alpha1");
              assertThat(p.getSpec().getMode()).isEqualTo(mode);
              ProfileValidator.Result result = validator.validate(p.getSpec());
              assertThat(result.problems()).as(p.getMetadata().getName()).isEmpty();
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"01-observe.yaml", "02-enforce.yaml"})
  void enforceUpdatesTheObserveProfilesInPlace(String file) throws IOException {
    assertThat(read(DIR.resolve(file)))
        .extracting(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
        .containsExactlyInAnyOrder("shop/shop", "payments/payments", "data/data");
  }

  static List<SegmentationProfile> read(Path file) throws IOException {
    List<SegmentationProfile> profiles = new ArrayList<>();
    for (JsonNode doc : HelmChart.documents(Files.readString(file))) {
      assertThat(doc.path("kind").asText()).isEqualTo("SegmentationProfile");
      profiles.add(STRICT.treeToValue(doc, SegmentationProfile.class));
    }
    return profiles;
  }
}
