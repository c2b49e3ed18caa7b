/**
 * A VXLAN tunnel drawn as a dashed arc over the machines (it rides the underlay between them,
 * not through them), labelled with its VNI.
 */
import { memo } from "react";
import { BaseEdge, EdgeLabelRenderer, type Edge, type EdgeProps, type EdgeTypes } from "@xyflow/react";

type TunnelData = { peak: number; text: string };

const TunnelEdge = memo(function TunnelEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  style,
  data,
}: EdgeProps<Edge<TunnelData>>) {
  const peak = data?.peak ?? Math.min(sourceY, targetY) - 60;
  const path = `M ${sourceX} ${sourceY} C ${sourceX} ${peak}, ${targetX} ${peak}, ${targetX} ${targetY}`;
  const lx = (sourceX + targetX) / 2;
  const ly = (sourceY + targetY) / 8 + (peak * 3) / 4;
  return (
    <>
      <BaseEdge id={id} path={path} style={style} />
      {data?.text && (
        <EdgeLabelRenderer>
          <div
            className="tunnel-label nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)` }}
          >
            {data.text}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});

export const edgeTypes: EdgeTypes = { tunnel: TunnelEdge };
