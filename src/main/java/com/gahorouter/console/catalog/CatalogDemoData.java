package com.gahorouter.console.catalog;

import java.math.BigDecimal;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.tenant.Region;

import reactor.core.publisher.Flux;

/**
 * Seeds a demo catalog of CN and OVERSEAS groups at start-up when
 * {@code gahorouter.demo-data} is true (the default) and there are no model groups yet.
 * Never touches a catalog the operator has started.
 */
@Component
@ConditionalOnBooleanProperty(name = "gahorouter.demo-data", matchIfMissing = true)
class CatalogDemoData implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(CatalogDemoData.class);

	static final List<ModelGroupRequest> GROUPS = List.of(
			group("DeepSeek-V3 Smart Routing", "DeepSeek", "1.0", Region.CN, "deepseek-chat", "deepseek-reasoner"),
			group("Tongyi Qianwen", "Alibaba Cloud", "1.2", Region.CN, "qwen-max", "qwen-plus", "qwen-turbo"),
			group("GLM-4", "Zhipu AI", "1.1", Region.CN, "glm-4-plus", "glm-4-air", "glm-4-flash"),
			group("Kimi", "Moonshot AI", "1.3", Region.CN, "moonshot-v1-8k", "moonshot-v1-32k", "moonshot-v1-128k"),
			group("Doubao", "ByteDance", "0.8", Region.CN, "doubao-pro-32k", "doubao-lite-32k"),
			new ModelGroupRequest("Hunyuan", "Tencent", new BigDecimal("1.0"), Region.CN, Visibility.PUBLIC,
					GroupStatus.MAINTENANCE, List.of("hunyuan-pro", "hunyuan-standard")),
			new ModelGroupRequest("iFlytek Spark", "iFlytek", new BigDecimal("1.1"), Region.CN, Visibility.RESTRICTED,
					GroupStatus.ACTIVE, List.of("spark-max", "spark-pro")),
			group("Claude", "Anthropic", "2.0", Region.OVERSEAS, "claude-3-5-sonnet", "claude-3-5-haiku",
					"claude-3-opus"),
			group("GPT-4o", "OpenAI", "1.8", Region.OVERSEAS, "gpt-4o", "gpt-4o-mini"),
			group("Gemini", "Google", "1.5", Region.OVERSEAS, "gemini-1.5-pro", "gemini-1.5-flash"));

	private final ModelGroupRepository groups;

	private final AvailableGroups available;

	private final TransactionalOperator transaction;

	CatalogDemoData(ModelGroupRepository groups, AvailableGroups available, TransactionalOperator transaction) {
		this.groups = groups;
		this.available = available;
		this.transaction = transaction;
	}

	@Override
	public void run(ApplicationArguments args) {
		// Start-up runs on the main thread, not an event loop: waiting here is allowed.
		Boolean seeded = groups.count()
			.filter(count -> count == 0)
			.flatMap(empty -> Flux.fromIterable(GROUPS)
				.concatMap(groups::insertIfNameFree)
				.then()
				.as(transaction::transactional)
				.thenReturn(true))
			.defaultIfEmpty(false)
			.block();
		if (Boolean.TRUE.equals(seeded)) {
			available.evictAll();
			log.info("Seeded the demo catalog ({} model groups); set gahorouter.demo-data=false to start empty",
					GROUPS.size());
		}
	}

	private static ModelGroupRequest group(String name, String platform, String multiplier, Region region,
			String... models) {
		return new ModelGroupRequest(name, platform, new BigDecimal(multiplier), region, Visibility.PUBLIC,
				GroupStatus.ACTIVE, List.of(models));
	}

}
