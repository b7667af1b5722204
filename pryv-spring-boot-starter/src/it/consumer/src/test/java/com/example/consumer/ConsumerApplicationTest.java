package com.example.consumer;

import java.net.URL;
import java.util.Collections;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "pryv.service-info-url=", "pryv.service-info.name=Test platform",
		"pryv.service-info.access=https://access.test.example/", "pryv.service-info.api=https://{username}.test.example/",
		"pryv.service-info.register=https://reg.test.example/", "pryv.app-id=consumer",
		"pryv.api-endpoint=https://s3cr3t@alice.test.example/" })
class ConsumerApplicationTest {

	@Autowired
	ConsumerApplication.Platform platform;

	@Autowired
	PryvConnectionFactory factory;

	@Autowired
	PryvAuthFlow authFlow;

	@Test
	void theStarterAloneAutoConfiguresTheClient() {
		assertThat(this.platform.service.info().name()).isEqualTo("Test platform");
		assertThat(this.platform.connection.endpoint().baseUrl()).isEqualTo("https://alice.test.example/");
		assertThat(this.factory.connect("bob", "t").endpoint().baseUrl()).isEqualTo("https://bob.test.example/");
		assertThat(this.authFlow.defaults().appId()).isEqualTo("consumer");
	}

	@Test
	void theStarterIsAnEmptyJarMarkedAsADependenciesStarter() throws Exception {
		URL starterManifest = Collections.list(getClass().getClassLoader().getResources("META-INF/MANIFEST.MF"))
			.stream()
			.filter((url) -> url.toString().contains("pryv-spring-boot-starter-"))
			.findFirst()
			.orElseThrow();
		try (var in = starterManifest.openStream()) {
			assertThat(new Manifest(in).getMainAttributes().getValue("Spring-Boot-Jar-Type"))
				.isEqualTo("dependencies-starter");
		}
	}

}
