package com.gahorouter.console.catalog;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditLog;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.tenant.TenantService;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The operator's catalog: model groups and per-tenant grants and blocks. Every change
 * evicts what it affects from {@link AvailableGroups} once its transaction has committed
 * (an edit: every list; a grant/block: that tenant's), so the very next request sees it;
 * every other replica hears of it through a {@link ChangeNotifications} notice sent in
 * the same transaction ({@link AvailableGroups} evicts on receipt).
 */
@Service
public class CatalogService {

	private final ModelGroupRepository groups;

	private final TenantService tenants;

	private final AvailableGroups available;

	private final TransactionalOperator transaction;

	private final AuditLog audit;

	private final ChangeNotifications notifications;

	CatalogService(ModelGroupRepository groups, TenantService tenants, AvailableGroups available,
			TransactionalOperator transaction, ChangeNotifications notifications, AuditLog audit) {
		this.audit = audit;
		this.notifications = notifications;
		this.groups = groups;
		this.tenants = tenants;
		this.available = available;
		this.transaction = transaction;
	}

	/** Every group, whatever its status, ordered by name. */
	public Flux<ModelGroup> list() {
		return groups.findAll().sort(CatalogOrder.BY_NAME);
	}

	/**
	 * The group with this id, whatever its status or who may use it; empty when unknown.
	 */
	public Mono<ModelGroup> find(UUID id) {
		return groups.find(id);
	}

	/**
	 * The groups with these ids, whatever their status, by id; unknown ids are left out.
	 */
	public Mono<Map<UUID, ModelGroup>> findAll(Collection<UUID> ids) {
		return groups.findAll().filter(group -> ids.contains(group.id())).collectMap(ModelGroup::id);
	}

	/**
	 * Adds a group; {@code GROUP_NAME_TAKEN} when another group has the name (whatever
	 * its case).
	 */
	public Mono<ModelGroup> create(ModelGroupRequest request) {
		return Mono.defer(() -> groups.insert(request.normalized()))
			.onErrorMap(DuplicateKeyException.class, e -> nameTaken(request))
			.flatMap(group -> notifications.publish(AvailableGroups.CATALOG_CHANGED).thenReturn(group))
			.flatMap(group -> audit
				.record(null, AuditAction.MODEL_GROUP_CREATED, "MODEL_GROUP", group.id(),
						"Created model group " + group.name())
				.thenReturn(group))
			.as(transaction::transactional)
			.doOnSuccess(group -> available.evictAll());
	}

	/**
	 * Replaces a group's fields; {@code NOT_FOUND} for an unknown id,
	 * {@code GROUP_NAME_TAKEN} as for create.
	 */
	public Mono<ModelGroup> update(UUID id, ModelGroupRequest request) {
		return Mono.defer(() -> groups.update(id, request.normalized()))
			.onErrorMap(DuplicateKeyException.class, e -> nameTaken(request))
			.switchIfEmpty(Mono.error(ApiException::notFound))
			.flatMap(group -> notifications.publish(AvailableGroups.CATALOG_CHANGED).thenReturn(group))
			.flatMap(group -> audit
				.record(null, AuditAction.MODEL_GROUP_UPDATED, "MODEL_GROUP", group.id(),
						"Updated model group " + group.name())
				.thenReturn(group))
			.as(transaction::transactional)
			.doOnSuccess(group -> available.evictAll());
	}

	/**
	 * Grants, blocks or resets one group for one tenant; {@code NOT_FOUND} when either is
	 * unknown.
	 */
	public Mono<GroupAccessView> setAccess(UUID tenantId, UUID groupId, GroupAccess access) {
		return tenants.find(tenantId)
			.then(Mono.defer(() -> groups.exists(groupId)))
			.flatMap(exists -> exists ? groups.setAccess(tenantId, groupId, access)
					: Mono.error(ApiException.notFound()))
			.then(Mono.defer(() -> notifications.publish(AvailableGroups.tenantChanged(tenantId))))
			.then(audit.record(tenantId, AuditAction.TENANT_ACCESS_CHANGED, "MODEL_GROUP", groupId,
					"Access to model group " + groupId + " set to " + access))
			.as(transaction::transactional)
			.then(Mono.fromRunnable(() -> available.evictTenant(tenantId)))
			.thenReturn(new GroupAccessView(tenantId, groupId, access));
	}

	private static ApiException nameTaken(ModelGroupRequest request) {
		return new ApiException(ErrorCode.GROUP_NAME_TAKEN,
				"A model group named \"" + request.name().trim() + "\" already exists.");
	}

}
