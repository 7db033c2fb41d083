export function Statistics(_props: any) { return <p className="empty">建设中</p>; }
