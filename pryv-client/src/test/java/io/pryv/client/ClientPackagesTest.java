package io.pryv.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's packages as Spring Boot 4 lays out its own: every package
 * null-marked (JSpecify), so that a new package without a
 * {@code package-info.java} carrying {@code @NullMarked} fails here.
 */
class ClientPackagesTest {

	@Test
	void everyPackageIsNullMarked() throws IOException {
		Path classes = Paths.get("target/classes");
		try (Stream<Path> files = Files.walk(classes)) {
			List<String> packages = files.filter((file) -> file.toString().endsWith(".class"))
				.map((file) -> classes.relativize(file.getParent()).toString().replace('/', '.'))
				.distinct()
				.toList();
			assertThat(packages).contains("io.pryv.client", "io.pryv.client.observation", "io.pryv.client.socket",
					"io.pryv.client.monitor");
			assertThat(packages).allSatisfy((name) -> assertThat(
					Class.forName(name + ".package-info").getAnnotation(NullMarked.class)).as(name).isNotNull());
		}
	}

}
