package dev.netseg.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowLinksTest {
  private final FlowLinks links = new FlowLinks();

  @Test
  void aNewChangedOrRemovedPartnerIsToBeReconciledAndAnUnchangedOneIsNot() {
    assertThat(links.update("shop/p", "shop", Map.of("payments", 1, "data", 2)))
        .containsExactly("data", "payments");
    assertThat(links.update("shop/p", "shop", Map.of("payments", 1, "data", 2))).isEmpty();
    assertThat(links.update("shop/p", "shop", Map.of("payments", 7, "data", 2)))
        .containsExactly("payments");
    assertThat(links.update("shop/p", "shop", Map.of("payments", 7))).containsExactly("data");
  }

  @Test
  void partnersAreFoundFromEitherEnd() {
    links.update("shop/p", "shop", Map.of("payments", 1));
    links.update("batch/b", "batch", Map.of("payments", 3));

    assertThat(links.partnersOf("payments")).containsExactly("batch", "shop");
    assertThat(links.partnersOf("shop")).containsExactly("payments");
    assertThat(links.partnersOf("data")).isEmpty();
  }

  @Test
  void aDeletedProfileIsForgotten() {
    links.update("shop/p", "shop", Map.of("payments", 1));
    links.retain(Set.of("other/x")::contains);
    assertThat(links.partnersOf("payments")).isEmpty();
  }

  @Test
  void theOwnNamespaceIsNeverAPartner() {
    assertThat(links.update("shop/p", "shop", Map.of("shop", 1))).isEmpty();
    assertThat(links.partnersOf("shop")).isEmpty();
  }
}
