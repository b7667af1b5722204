package io.pryv.benchmarks.startup;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A minimal Spring Boot web application (Spring MVC on Tomcat), started once:
 * prints one JSON line, {@code {"readyMs": N, "pryvBeans": N}}, the time from
 * the JVM's start to the application being ready, and how many beans of ours
 * it has (none when the starter is not on the classpath), then exits.
 * {@link StartupRunner} runs it with and without the starter.
 */
@SpringBootApplication
public class StartupMain {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(StartupMain.class, args);
		long readyMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
		long pryvBeans = Arrays.stream(context.getBeanDefinitionNames()).filter((name) -> name.startsWith("pryv")).count();
		System.out.println("{\"readyMs\": " + readyMs + ", \"pryvBeans\": " + pryvBeans + "}");
		context.close();
		System.exit(0);
	}

}
