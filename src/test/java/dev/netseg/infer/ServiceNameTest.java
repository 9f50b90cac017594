package dev.netseg.infer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceNameTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "-",
      value = {
        "cart, shop/cart",
        "cart.payments, payments/cart",
        "cart.payments.svc, payments/cart",
        "cart.payments.svc.cluster.local, payments/cart",
        "postgres-0.postgres.data.svc.cluster.local, data/postgres",
        "postgres-0.postgres.data.svc, data/postgres",
        "cart.payments.svc.other.domain, -",
        "api.stripe.com, -",
        "a.b.c, -",
      })
  void resolvesClusterHostNamesFromNamespaceShop(String host, String expected) {
    assertThat(
            ServiceName.of(host, "shop", "cluster.local").map(ServiceName::toString).orElse(null))
        .isEqualTo(expected);
  }
}
