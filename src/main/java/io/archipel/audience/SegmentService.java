package io.archipel.audience;

import java.util.List;
import java.util.UUID;

import io.archipel.audience.Segments.Definition;
import io.archipel.audience.Segments.Draft;
import io.archipel.audience.Segments.Field;
import io.archipel.audience.Segments.NetworkCount;
import io.archipel.audience.Segments.Problem;
import io.archipel.audience.Segments.Segment;
import io.archipel.audience.Segments.TerritoryPolicy;
import org.springframework.stereotype.Service;

/**
 * Segments: definitions compiled to parameterised SQL from an allow-list of fields and operators (no SQL from user
 * text), counted per branch or across the caller's scope. HQ segments need an HQ user; branch segments need the
 * branch in scope and the territory's permission. Scope checks like {@link ContactService}.
 *
 * <p>CONTRACT under construction (issue 4): the segment-engine helper implements the bodies; signatures are shared
 * with the segment pages.
 */
@Service
public class SegmentService {

    /** The fields the rule builder offers: built-ins then the custom attributes ({@code attr.<key>}). */
    public List<Field> fields() {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    /** Problems of a definition (unknown field, operator not allowed for the field, bad or missing values, empty group, too deep). */
    public List<Problem> check(Definition definition) {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    /** HQ segments. */
    public List<Segment> listNetwork() {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    /** What a branch may use: the HQ segments, then its own. */
    public List<Segment> listForBranch(UUID branchId) {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    public Segment get(UUID segmentId) {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    /** {@code ownerBranchId} null = an HQ segment. Throws {@link Segments.InvalidSegmentException} with every problem. */
    public UUID create(UUID ownerBranchId, Draft draft) {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    /** A stale version gives {@link Contacts.StaleContactException}. */
    public void update(UUID segmentId, long version, Draft draft) {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    public void delete(UUID segmentId) {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    /** Contacts of one branch matching the definition, consenting on its channel, not suppressed, not erased. */
    public long count(Definition definition, UUID branchId) {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    /** The same across every branch of the caller's scope, with the per-branch figures. */
    public NetworkCount countInScope(Definition definition) {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    /** May the managers of this branch create their own segments (nearest territory setting up the tree; default no)? */
    public boolean branchSegmentsAllowed(UUID branchId) {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    /** The territory tree in the caller's scope with each node's setting and its effective value. */
    public List<TerritoryPolicy> branchSegmentPolicies() {
        throw new UnsupportedOperationException("segment engine not built yet");
    }

    /** Sets (true/false) or clears (null: inherit) a territory's permission; HQ admins and marketers. */
    public void setBranchSegmentsAllowed(UUID territoryId, Boolean allowed) {
        throw new UnsupportedOperationException("segment engine not built yet");
    }
}
