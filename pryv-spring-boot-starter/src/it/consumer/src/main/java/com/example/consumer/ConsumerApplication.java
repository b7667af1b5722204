package com.example.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

import io.pryv.client.PryvConnection;
import io.pryv.client.PryvService;

/** A server-to-server app: the client's types come with the starter. */
@SpringBootApplication
public class ConsumerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConsumerApplication.class, args);
	}

	/** Uses the auto-configured beans. */
	@Component
	public static class Platform {

		final PryvService service;

		final PryvConnection connection;

		Platform(PryvService service, PryvConnection connection) {
			this.service = service;
			this.connection = connection;
		}

	}

}
