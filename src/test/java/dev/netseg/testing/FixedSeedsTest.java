package dev.netseg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import net.jqwik.api.lifecycle.LifecycleHook;
import org.junit.jupiter.api.Test;

class FixedSeedsTest {

  @Test
  void everyPropertyGetsItsOwnSeedTheSameOnEveryRun() {
    long a = FixedSeeds.seedFor(FixedSeeds.BASE, "dev.netseg.X", "holds");
    assertThat(FixedSeeds.seedFor(FixedSeeds.BASE, "dev.netseg.X", "holds")).isEqualTo(a);
    assertThat(FixedSeeds.seedFor(FixedSeeds.BASE, "dev.netseg.X", "other")).isNotEqualTo(a);
    assertThat(FixedSeeds.seedFor(FixedSeeds.BASE, "dev.netseg.Y", "holds")).isNotEqualTo(a);
    assertThat(FixedSeeds.seedFor(FixedSeeds.BASE + 1, "dev.netseg.X", "holds")).isNotEqualTo(a);
  }

  @Test
  void isRegisteredForEveryPropertyOfTheBuild() {
    assertThat(ServiceLoader.load(LifecycleHook.class).stream().map(ServiceLoader.Provider::type))
        .contains(FixedSeeds.class);
  }
}
