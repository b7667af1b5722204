package io.pryv.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * The sample web portal on a Pryv platform: server-side Pryv sign-in (consent
 * flow), the user's streams and events on a page, events streamed as NDJSON,
 * events and files added through the app.
 */
// No user/password store: users sign in with Pryv's consent flow only.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

	/**
	 * Run the app.
	 * @param args command line arguments (e.g. {@code --spring.profiles.active=demo})
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
