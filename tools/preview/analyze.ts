/**
 * Sends a plan to a running policy pack as the engine does during `pulumi preview`: Analyze for
 * every resource (its inputs, provider and options), then one AnalyzeStack over all of them.
 */
import { AnalyzerClient, Diagnostic } from "../analyzer";
import { Plan } from "./plan";

/** Every diagnostic of the plan: per-resource ones in plan order, then the stack's. */
export async function analyzePlan(client: AnalyzerClient, plan: Plan): Promise<Diagnostic[]> {
  // The engine analyzes resources as it steps through them; requests are independent, so send
  // them together and keep the plan's order in the result.
  const perResource = await Promise.all(plan.resources.map((resource) => client.analyze(resource)));
  // AnalyzeStack is sent each resource's outputs (a read's differ from its inputs).
  const stack = await client.analyzeStack(
    plan.resources.map((resource) =>
      resource.outputs === undefined ? resource : { ...resource, properties: resource.outputs },
    ),
  );
  return [...perResource.flat(), ...stack];
}
