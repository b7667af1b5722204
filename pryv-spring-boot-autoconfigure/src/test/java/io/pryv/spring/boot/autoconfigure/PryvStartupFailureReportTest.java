package io.pryv.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a user reads when a {@code pryv.*} value is wrong: Spring Boot's
 * "APPLICATION FAILED TO START" report names the property, its value and where
 * it was set (file and line), with the fix; never a token.
 */
@ExtendWith(OutputCaptureExtension.class)
class PryvStartupFailureReportTest {

	private static void start(String propertiesFile) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application
			.run("--spring.config.location=classpath:/pryv-invalid/" + propertiesFile, "--spring.main.banner-mode=off"));
	}

	@Test
	void aWrongValueIsReportedWithItsPropertyValueOriginAndFix(CapturedOutput output) {
		start("chunk-size.properties");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: pryv.batch.chunkSize")
			.contains("Value: \"0\"")
			.contains("Origin: class path resource [pryv-invalid/chunk-size.properties] - 2:23")
			.contains("Reason: pryv.batch.chunk-size must be at least 1, not 0 (default 1000)");
	}

	@Test
	void aWrongAccessLevelIsReportedWithTheValidOnes(CapturedOutput output) {
		start("level.properties");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: pryv.permissions[0].level")
			.contains("Value: \"write\"")
			.contains("Origin: class path resource [pryv-invalid/level.properties] - 3:27")
			.containsPattern("(?s)The following values are valid:\\s+CONTRIBUTE\\s+CREATE_ONLY\\s+MANAGE\\s+READ");
	}

	@Test
	void aMalformedEndpointIsReportedWithoutItsToken(CapturedOutput output) {
		start("api-endpoint.properties");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: pryv.apiEndpoint")
			.contains("Origin: class path resource [pryv-invalid/api-endpoint.properties] - 2:19")
			.contains("pryv.api-endpoint is malformed")
			.doesNotContain("s3cr3t-token");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(PryvClientAutoConfiguration.class)
	static class App {

	}

}
