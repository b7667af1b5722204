package io.pryv.spring.boot.autoconfigure;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import io.pryv.client.Event;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvService;
import io.pryv.client.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ahead-of-time processing (native image, {@code spring-boot:process-aot}): the
 * generated code is compiled and started as a native application would be,
 * with properties of the run that differ from those of the build.
 */
@CompileWithForkedClassLoader
class PryvAotTest {

	@Test
	void anEndpointGivenOnlyAtDeployTimeGivesTheConnectionBean() {
		processAheadOfTime(new String[0], "pryv.api-endpoint=https://s3cr3t@alice.pryv.me/", (context) -> {
			assertThat(context.getBeansOfType(PryvService.class)).hasSize(1);
			PryvConnection connection = context.getBean(PryvConnection.class);
			assertThat(connection.endpoint().baseUrl()).isEqualTo("https://alice.pryv.me/");
			assertThat(connection.endpoint().token()).isEqualTo("s3cr3t");
		});
	}

	@Test
	void anEndpointOfTheBuildOnlyGivesNoConnectionBean() {
		processAheadOfTime(new String[] { "pryv.api-endpoint=https://build@alice.pryv.me/" }, "pryv.app-id=x",
				(context) -> {
					assertThat(context.getBeansOfType(PryvService.class)).hasSize(1);
					assertThat(context.getBeanNamesForType(PryvConnection.class)).isEmpty();
				});
	}

	@Test
	void theAotProcessingRegistersTheClientsHints() {
		RuntimeHints hints = new RuntimeHints();
		new PryvClientRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.resource().forResource("io/pryv/client/pryv-client.properties"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Event.class, "from")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Stream.class, "from")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Event.class, "streamIds")).accepts(hints);

		// and they are contributed by the auto-configuration when an application is processed
		TestGenerationContext generation = new TestGenerationContext(ClassName.get(App.class));
		AnnotationConfigApplicationContext buildTime = new AnnotationConfigApplicationContext();
		buildTime.register(App.class);
		new ApplicationContextAotGenerator().processAheadOfTime(buildTime, generation);
		assertThat(RuntimeHintsPredicates.resource().forResource("io/pryv/client/pryv-client.properties"))
			.accepts(generation.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Event.class, "from"))
			.accepts(generation.getRuntimeHints());
	}

	@SuppressWarnings("unchecked")
	private static void processAheadOfTime(String[] buildProperties, String runProperty,
			Consumer<GenericApplicationContext> assertions) {
		AnnotationConfigApplicationContext buildTime = new AnnotationConfigApplicationContext();
		TestPropertyValues.of(buildProperties).applyTo(buildTime);
		buildTime.register(App.class);
		TestGenerationContext generation = new TestGenerationContext(ClassName.get(App.class));
		ClassName initializerName = new ApplicationContextAotGenerator().processAheadOfTime(buildTime, generation);
		generation.writeGeneratedContent();
		TestCompiler.forSystem().with(generation).compile((compiled) -> {
			GenericApplicationContext runTime = new GenericApplicationContext();
			TestPropertyValues.of(runProperty).applyTo(runTime);
			compiled.getInstance(ApplicationContextInitializer.class, initializerName.toString()).initialize(runTime);
			runTime.refresh();
			try {
				assertions.accept(runTime);
			}
			finally {
				runTime.close();
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(PryvClientAutoConfiguration.class)
	static class App {

	}

}
