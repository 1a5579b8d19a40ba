// Incident handlers: the contract over IncidentService. dispatch() has validated every input.
import type { z } from 'zod';
import type { incidentApi } from '../../shared/contract/incidents';
import type { ApiContext } from '../api/context';
import type { Handlers } from '../api/dispatch';
import { IncidentService } from './service';

type In<M extends keyof typeof incidentApi> = z.output<(typeof incidentApi)[M]['input']>;
const validated = <M extends keyof typeof incidentApi>(_m: M, input: unknown): In<M> => input as In<M>;

export function incidentHandlers(ctx: ApiContext): Pick<Handlers, keyof typeof incidentApi> {
  const service = new IncidentService(ctx);
  const ok = { ok: true as const };
  return {
    incidents: () => service.list(),
    incidentDetail: (raw) => service.detail(validated('incidentDetail', raw).id),
    incidentTimeline: (raw) => {
      const { id, from, to } = validated('incidentTimeline', raw);
      return service.timeline(id, { from, to });
    },
    incidentImpact: (raw) => service.impact(validated('incidentImpact', raw).id),
    incidentMetrics: (raw) => {
      const { id, from, to } = validated('incidentMetrics', raw);
      return service.metrics(id, { from, to });
    },
    declareIncident: (raw) => {
      const input = validated('declareIncident', raw);
      return { id: service.declare(input) };
    },
    updateIncident: (raw) => {
      const { id, author, ...patch } = validated('updateIncident', raw);
      service.update(id, patch, author);
      return ok;
    },
    setMilestone: (raw) => {
      const { id, milestone, at, author } = validated('setMilestone', raw);
      service.setMilestone(id, milestone, at, author);
      return ok;
    },
    setRole: (raw) => {
      const { id, role, person, author } = validated('setRole', raw);
      service.setRole(id, role, person, author);
      return ok;
    },
    addIncidentNote: (raw) => {
      const { id, kind, body, zone, author } = validated('addIncidentNote', raw);
      return { id: service.addNote(id, kind, body, zone, author) };
    },
    linkIncident: async (raw) => {
      const { id, author, ...link } = validated('linkIncident', raw);
      await service.link(id, link, author);
      return ok;
    },
    markTimelineEntry: async (raw) => {
      const { id, author, ...mark } = validated('markTimelineEntry', raw);
      await service.mark(id, mark, author);
      return ok;
    },
    saveActionItem: (raw) => {
      const { id, author, ...item } = validated('saveActionItem', raw);
      return { itemId: service.saveActionItem(id, item, author) };
    },
    incidentKpis: (raw) => {
      const { from, to, zone } = validated('incidentKpis', raw);
      return service.kpis(from, to, zone);
    },
    exportIncidentReview: (raw) => service.reviewMarkdown(validated('exportIncidentReview', raw).id),
    exportIncidentBundle: (raw) => service.bundle(validated('exportIncidentBundle', raw).id),
    importIncidentBundle: (raw) => {
      const { fileName, content } = validated('importIncidentBundle', raw);
      return service.importBundle(content, fileName);
    },
  };
}
