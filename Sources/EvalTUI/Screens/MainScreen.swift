import EvalCore
import TermUI

/// The main screen: summary, curve, slider, concept table and (when open) the details.
enum MainScreen {
    static func render(_ state: AppState, layout: MainLayout, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        if let compared = state.session?.compared {
            renderComparison(state, compared: compared, layout: layout, into: &buffer, context: context, hits: &hits)
            return
        }
        if let summary = layout.summary {
            if layout.wide { SummaryView.renderPane(state, area: summary, into: &buffer, context: context) }
            else { SummaryView.renderCompact(state, area: summary, into: &buffer, context: context) }
        }
        if let curve = layout.curve {
            CurveView.render(state, area: curve, into: &buffer, context: context)
        }
        SliderView.render(state, area: layout.slider, boxed: layout.wide, into: &buffer, context: context, hits: &hits)
        ConceptTableView.render(state, area: layout.table, into: &buffer, context: context, hits: &hits)
        if let details = layout.details, state.grid {
            hits.add(details, .pane(.details))
            GridView.renderDetails(state, area: details, into: &buffer, context: context, hits: &hits)
        } else if let details = layout.details {
            let (list, preview) = PreviewPane.split(details, state: state, context: context)
            DetailsView.render(state, area: list, into: &buffer, context: context, hits: &hits)
            if let preview {
                let (input, next) = PreviewPane.detailsInputs(state)
                PreviewPane.render(state, input: input, next: next, area: preview, into: &buffer, context: context)
            }
        }
    }

    /// `evaltop A B`: the same layout with the comparison's summary and table, and both curves.
    static func renderComparison(_ state: AppState, compared: any ComparedModels, layout: MainLayout, into buffer: inout Buffer,
                                 context: RenderContext, hits: inout HitMap) {
        if let summary = layout.summary {
            if layout.wide {
                ComparisonSummaryView.renderPane(compared, area: summary, into: &buffer, context: context)
            } else if let comparison = compared as? Comparison {
                ComparisonSummaryView.renderCompact(comparison, area: summary, into: &buffer, context: context)
            } else if let comparison = compared as? SummaryComparison {
                ComparisonSummaryView.renderCompact(comparison, area: summary, into: &buffer, context: context)
            }
        }
        if let curve = layout.curve {
            CurveView.render(state, area: curve, into: &buffer, context: context)
        }
        SliderView.render(state, area: layout.slider, boxed: layout.wide, into: &buffer, context: context, hits: &hits)
        ComparisonTableView.render(state, compared: compared, area: layout.table, into: &buffer, context: context, hits: &hits)
        if let details = layout.details {
            DetailsView.render(state, area: details, into: &buffer, context: context, hits: &hits)
        }
    }
}
