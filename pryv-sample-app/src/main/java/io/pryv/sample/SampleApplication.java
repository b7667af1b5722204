package io.pryv.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The sample web portal on a Pryv platform: server-side Pryv sign-in (consent
 * flow), the user's streams and events on a page, events streamed as NDJSON,
 * events and files added through the app.
 */
@SpringBootApplication
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
