package io.pryv.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import io.pryv.client.ApiEndpoint;
import io.pryv.client.AuthRequest;
import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;
import io.pryv.client.ReactivePryvAuthFlow;
import io.pryv.client.ReactivePryvConnection;
import io.pryv.client.RequestedPermission;

import static org.assertj.core.api.Assertions.assertThat;

/** The client auto-configuration: defaults, binding, startup validation, back-off. */
class PryvClientAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PryvClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class));

	@Test
	void defaultsGiveServiceFactoryAndFlowOnPryvLab() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(PryvService.class)
				.hasSingleBean(PryvConnectionFactory.class)
				.hasSingleBean(PryvAuthFlow.class)
				.doesNotHaveBean(PryvConnection.class);
			assertThat(context.getBean(PryvService.class).reactive().serviceInfoUrl())
				.isEqualTo("https://reg.pryv.me/service/info");
			assertThat(context.getBean(PryvAuthFlow.class).defaults()).isNull();
			PryvProperties properties = context.getBean(PryvProperties.class);
			// the defaults are literals (for the metadata processor): they are the client's
			assertThat(properties.getBatch().getChunkSize()).isEqualTo(ReactivePryvConnection.DEFAULT_CHUNK_SIZE);
			assertThat(properties.getAuth().getPollRateFloor()).isEqualTo(ReactivePryvAuthFlow.DEFAULT_POLL_RATE);
			assertThat(properties.getAuth().getExpiry()).isEqualTo(ReactivePryvAuthFlow.DEFAULT_EXPIRY);
			assertThat(properties.getServiceInfoUrl()).isEqualTo(PryvService.PRYV_LAB_SERVICE_INFO_URL);
		});
	}

	@Test
	void propertiesBindIntoTheDefaultAuthRequest() {
		this.runner
			.withPropertyValues("pryv.service-info-url=https://reg.example.org/service/info", "pryv.app-id=my-app",
					"pryv.permissions[0].stream-id=heart", "pryv.permissions[0].default-name=Heart",
					"pryv.permissions[0].level=read", "pryv.permissions[1].stream-id=diary",
					"pryv.permissions[1].level=create-only", "pryv.language-code=fr",
					"pryv.return-url=https://app.example/login/return?", "pryv.client-data.note=hello",
					"pryv.referer=portal", "pryv.auth.device-name=portal", "pryv.auth.expire-after=2h",
					"pryv.auth.poll-rate-floor=2s", "pryv.auth.expiry=10m", "pryv.batch.chunk-size=50")
			// a client-data key with ':' (lib-js's app-web-auth:description) is bound when bracketed
			.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(
					new MapPropertySource("yaml", Map.of("pryv.client-data[app-web-auth:description].type", "note/txt",
							"pryv.client-data[app-web-auth:description].content", "Consent message"))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PryvAuthFlow flow = context.getBean(PryvAuthFlow.class);
				AuthRequest request = flow.defaults();
				assertThat(request.appId()).isEqualTo("my-app");
				assertThat(request.permissions()).containsExactly(new RequestedPermission("heart", "Heart", "read"),
						new RequestedPermission("diary", null, "create-only"));
				assertThat(request.languageCode()).isEqualTo("fr");
				assertThat(request.returnUrl()).isEqualTo("https://app.example/login/return?");
				assertThat(request.clientData()).containsEntry("note", "hello")
					.containsEntry("app-web-auth:description", Map.of("type", "note/txt", "content", "Consent message"));
				assertThat(request.toBody().get("clientData")).isEqualTo(request.clientData());
				assertThat(request.referer()).isEqualTo("portal");
				assertThat(request.deviceName()).isEqualTo("portal");
				assertThat(request.expireAfter()).isEqualTo(Duration.ofHours(2));
				assertThat(flow.reactive().pollRateFloor()).isEqualTo(Duration.ofSeconds(2));
				assertThat(flow.reactive().expiry()).isEqualTo(Duration.ofMinutes(10));
				assertThat(context.getBean(PryvService.class).reactive().serviceInfoUrl())
					.isEqualTo("https://reg.example.org/service/info");
			});
	}

	@Test
	void aFixedApiEndpointGivesAConnectionBeanWhoseTokenStaysHidden() {
		this.runner.withPropertyValues("pryv.api-endpoint=https://s3cr3t-token@alice.pryv.me/").run((context) -> {
			assertThat(context).hasSingleBean(PryvConnection.class);
			PryvConnection connection = context.getBean(PryvConnection.class);
			assertThat(connection.endpoint().baseUrl()).isEqualTo("https://alice.pryv.me/");
			assertThat(connection.endpoint().token()).isEqualTo("s3cr3t-token");
			assertThat(connection.toString()).doesNotContain("s3cr3t-token");
			assertThat(context.getBean(PryvProperties.class).toString()).contains("alice.pryv.me")
				.doesNotContain("s3cr3t-token");
		});
	}

	@Test
	void connectionDetailsComeFromThePropertiesWithoutShowingTheToken() {
		this.runner
			.withPropertyValues("pryv.service-info-url=https://reg.example.org/service/info",
					"pryv.api-endpoint=https://s3cr3t-token@alice.pryv.me/")
			.run((context) -> {
				PryvConnectionDetails details = context.getBean(PryvConnectionDetails.class);
				assertThat(details).isInstanceOf(PropertiesPryvConnectionDetails.class);
				assertThat(details.getServiceInfoUrl()).isEqualTo("https://reg.example.org/service/info");
				assertThat(details.getApiEndpoint().token()).isEqualTo("s3cr3t-token");
				assertThat(details.toString()).contains("reg.example.org", "alice.pryv.me").doesNotContain("s3cr3t-token");
			});
	}

	@Test
	void connectionDetailsOfTheApplicationLocateThePlatform() {
		PryvConnectionDetails testPlatform = new PryvConnectionDetails() {
			@Override
			public String getServiceInfoUrl() {
				return "https://reg.test.example/service/info";
			}

			@Override
			public ApiEndpoint getApiEndpoint() {
				return ApiEndpoint.parse("https://test-token@bob.test.example/");
			}
		};
		this.runner.withBean(PryvConnectionDetails.class, () -> testPlatform)
			.withPropertyValues("pryv.api-endpoint=https://ignored@alice.pryv.me/")
			.run((context) -> {
				assertThat(context).hasSingleBean(PryvConnectionDetails.class);
				assertThat(context.getBean(PryvService.class).reactive().serviceInfoUrl())
					.isEqualTo("https://reg.test.example/service/info");
				assertThat(context.getBean(PryvConnection.class).endpoint().baseUrl())
					.isEqualTo("https://bob.test.example/");
			});
	}

	@Test
	void userBeansWin() {
		this.runner.withUserConfiguration(UserBeans.class)
			.withPropertyValues("pryv.api-endpoint=https://tok@alice.pryv.me/")
			.run((context) -> {
				assertThat(context.getBean(PryvService.class)).isSameAs(context.getBean(UserBeans.class).service);
				assertThat(context.getBean(PryvConnectionFactory.class))
					.isSameAs(context.getBean(UserBeans.class).factory);
				assertThat(context.getBean(PryvAuthFlow.class)).isSameAs(context.getBean(UserBeans.class).flow);
				assertThat(context.getBean(PryvConnection.class)).isSameAs(context.getBean(UserBeans.class).connection);
			});
	}

	@Test
	void worksWithoutSpringBootWebClientModule() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PryvClientAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.webclient",
					"org.springframework.boot.http.client"))
			.withPropertyValues("pryv.http.connect-timeout=3s", "pryv.http.read-timeout=20s")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PryvService.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		final PryvService service = PryvService.builder().serviceInfoUrl("https://reg.example.org/service/info").build();

		final PryvConnectionFactory factory = new PryvConnectionFactory(this.service);

		final PryvAuthFlow flow = new PryvAuthFlow(this.service, AuthRequest.of("mine", List.of()));

		final PryvConnection connection = this.factory.connect("https://tok@bob.example.org/");

		@Bean
		PryvService userService() {
			return this.service;
		}

		@Bean
		PryvConnectionFactory userFactory() {
			return this.factory;
		}

		@Bean
		PryvAuthFlow userFlow() {
			return this.flow;
		}

		@Bean
		PryvConnection userConnection() {
			return this.connection;
		}

	}

}
