package io.pryv.spring.boot.autoconfigure;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import io.pryv.client.PryvService;
import io.pryv.client.ServiceInfo;

import static org.assertj.core.api.Assertions.assertThat;

/** Every invalid {@code pryv.*} value stops the application with a message naming the key and the fix. */
class PryvPropertiesValidationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PryvClientAutoConfiguration.class));

	static Stream<Arguments> invalidValues() {
		return Stream.of(
				Arguments.of(new String[] { "pryv.permissions[0].stream-id=heart", "pryv.permissions[0].level=read" },
						"pryv.permissions is set but pryv.app-id is not: set pryv.app-id"),
				Arguments.of(new String[] { "pryv.app-id=app", "pryv.permissions[0].stream-id=heart",
						"pryv.permissions[0].level=read", "pryv.permissions[1].stream-id=diary" },
						"pryv.permissions[1].level is missing: use one of read, contribute, manage, create-only"),
				Arguments.of(new String[] { "pryv.app-id=app", "pryv.permissions[0].level=read" },
						"pryv.permissions[0].stream-id is missing"),
				Arguments.of(new String[] { "pryv.service-info-url=reg.pryv.me/service/info" },
						"pryv.service-info-url 'reg.pryv.me/service/info' is not an absolute http(s) URL"),
				Arguments.of(new String[] { "pryv.service-info-url=ftp://reg.pryv.me/service/info" },
						"pryv.service-info-url 'ftp://reg.pryv.me/service/info' is not an absolute http(s) URL"),
				Arguments.of(new String[] { "pryv.service-info-url=https://reg pryv.me/" },
						"pryv.service-info-url 'https://reg pryv.me/' is not a valid URL"),
				Arguments.of(new String[] { "pryv.service-info-url=https://user:pw@reg.pryv.me/service/info" },
						"pryv.service-info-url must not hold user-info"),
				Arguments.of(new String[] { "pryv.service-info-url=" },
						"pryv.service-info-url is empty and pryv.service-info is not set"),
				Arguments.of(new String[] { "pryv.return-url=https://app.example/login/return" },
						"pryv.return-url 'https://app.example/login/return' must end with '?', '&' or '#'"),
				Arguments.of(new String[] { "pryv.return-url=/login/return?" },
						"pryv.return-url '/login/return?' is not an absolute http(s) URL"),
				Arguments.of(new String[] { "pryv.origin=https://app.example/portal" },
						"pryv.origin 'https://app.example/portal' must be an origin (scheme, host and port only, no path), e.g. https://app.example"),
				Arguments.of(new String[] { "pryv.api-endpoint=alice.pryv.me" },
						"pryv.api-endpoint is malformed: Invalid Pryv API endpoint 'alice.pryv.me': no '://' found"),
				Arguments.of(new String[] { "pryv.http.connect-timeout=0s" },
						"pryv.http.connect-timeout must be a positive duration"),
				Arguments.of(new String[] { "pryv.http.read-timeout=-1s" },
						"pryv.http.read-timeout must be a positive duration"),
				Arguments.of(new String[] { "pryv.batch.chunk-size=0" }, "pryv.batch.chunk-size must be at least 1"),
				Arguments.of(new String[] { "pryv.auth.poll-rate-floor=0ms" },
						"pryv.auth.poll-rate-floor must be a positive duration"),
				Arguments.of(new String[] { "pryv.auth.expiry=0s" }, "pryv.auth.expiry must be a positive duration"),
				Arguments.of(new String[] { "pryv.auth.expire-after=-5m" },
						"pryv.auth.expire-after must be a positive duration"));
	}

	@ParameterizedTest
	@MethodSource("invalidValues")
	void invalidValueFailsStartupWithAClearMessage(String[] properties, String message) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
			assertThat(root).hasMessageContaining(message);
		});
	}

	@Test
	void aMalformedEndpointTokenIsNotEchoed() {
		this.runner.withPropertyValues("pryv.api-endpoint=s3cr3t@alice.pryv.me").run((context) -> {
			assertThat(context).hasFailed();
			Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
			assertThat(root).hasMessageContaining("pryv.api-endpoint is malformed");
			assertThat(root.getMessage()).doesNotContain("s3cr3t");
		});
	}

	@Test
	void serviceInfoOverridesAloneFormTheServiceInfo() {
		this.runner
			.withPropertyValues("pryv.service-info-url=", "pryv.service-info.name=Local",
					"pryv.service-info.access=http://127.0.0.1:9/reg/access", "pryv.service-info.api=http://127.0.0.1:9/{username}/")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ServiceInfo info = context.getBean(PryvService.class).info();
				assertThat(info.name()).isEqualTo("Local");
				assertThat(info.access()).isEqualTo("http://127.0.0.1:9/reg/access/");
				assertThat(context.getBean(PryvService.class).apiEndpointFor("bob", null).baseUrl())
					.isEqualTo("http://127.0.0.1:9/bob/");
			});
	}

}
