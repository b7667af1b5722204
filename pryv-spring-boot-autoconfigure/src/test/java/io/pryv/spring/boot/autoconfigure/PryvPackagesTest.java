package io.pryv.spring.boot.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import io.pryv.spring.boot.PryvServiceCustomizer;
import io.pryv.spring.boot.PryvWebClientCustomizer;
import io.pryv.spring.boot.autoconfigure.health.PryvHealthContributorAutoConfiguration;
import io.pryv.spring.boot.health.PryvReactiveHealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module's packages as Spring Boot 4 lays out its own: every package
 * null-marked (JSpecify), and in the auto-configuration packages only
 * auto-configurations, properties and connection details; what an application
 * declares or uses (customizers, health indicators) lives outside them.
 */
class PryvPackagesTest {

	@Test
	void everyPackageIsNullMarked() throws IOException {
		Path classes = Paths.get("target/classes");
		try (Stream<Path> files = Files.walk(classes)) {
			List<String> packages = files.filter((file) -> file.toString().endsWith(".class"))
				.map((file) -> classes.relativize(file.getParent()).toString().replace('/', '.'))
				.distinct()
				.toList();
			assertThat(packages).contains("io.pryv.spring.boot", "io.pryv.spring.boot.autoconfigure",
					"io.pryv.spring.boot.autoconfigure.health", "io.pryv.spring.boot.health", "io.pryv.spring.web",
					"io.pryv.spring.web.server", "io.pryv.spring.security",
					"io.pryv.spring.boot.autoconfigure.security");
			assertThat(packages).allSatisfy((name) -> assertThat(
					Class.forName(name + ".package-info").getAnnotation(NullMarked.class)).as(name).isNotNull());
		}
	}

	@Test
	void customizersAndHealthIndicatorsAreOutsideTheAutoConfigurationPackages() {
		assertThat(List.of(PryvWebClientCustomizer.class, PryvServiceCustomizer.class, PryvReactiveHealthIndicator.class))
			.allSatisfy((type) -> assertThat(type.getPackageName()).doesNotContain("autoconfigure"));
		assertThat(PryvHealthContributorAutoConfiguration.class.getPackageName())
			.isEqualTo("io.pryv.spring.boot.autoconfigure.health");
	}

}
