import Foundation
import Hummingbird
import Testing

/// `scripts/ci/post-plan-comment` against a local fake of GitHub's issue-comments API, with a
/// real Markdown plan from the built binary: the first run creates the comment, the next run
/// updates that same comment (found past the first page of comments), other comments untouched.
@Suite struct PostPlanCommentTests {
    @Test func createsTheCommentThenUpdatesTheSameOne() async throws {
        let github = try await FakeGitHubComments.start(token: "test-token", seededComments: 150)
        defer { Task { await github.shutdown() } }
        try await Workspace.withEmbeddedSandbox { workspace in
            let script = RepositoryScript.repository.appendingPathComponent("examples/domain-move.rehook").path
            let markdown = try await workspace.rehook(["plan", "--sandbox", script, "--format", "markdown"])
            #expect(markdown.status == 0, "\(markdown.stderr)")
            let planned = try await workspace.rehook(["plan", "--sandbox", script, "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.stderr)")
            let markdownPath = try workspace.write(markdown.stdout, to: "plan.md")
            let planPath = workspace.directory.appendingPathComponent("plan.json").path
            let environment = ["GITHUB_API_URL": github.rootURL, "GITHUB_TOKEN": "test-token",
                               "GITHUB_REPOSITORY": "acme/hooks"]
            let command = ["python3", "scripts/ci/post-plan-comment", "--pr", "7", "--plan-file", planPath, markdownPath]

            let first = try await RepositoryScript.run(command, environment: environment)
            #expect(first.status == 0, "\(first.output)")
            let created = try #require(await github.comments(pullRequest: 7).last)
            #expect(first.output == "created comment \(created.id)\n")
            #expect(created.body.hasPrefix("<!-- rehook-plan -->\nPlan file `plan.json`: sha256 `"))
            #expect(created.body.hasSuffix(markdown.stdout))

            try workspace.write(markdown.stdout + "\nSecond push.\n", to: "plan.md")
            let second = try await RepositoryScript.run(command, environment: environment)
            #expect(second.status == 0, "\(second.output)")
            #expect(second.output == "updated comment \(created.id)\n")
            let comments = await github.comments(pullRequest: 7)
            #expect(comments.count == 151, "one comment of rehook's, however many pushes")
            #expect(comments.last?.id == created.id)
            #expect(comments.last?.body.hasSuffix("Second push.\n") == true)
            #expect(comments.dropLast().allSatisfy { $0.body.hasPrefix("seeded comment") })
            let writes = await github.requests.filter { !$0.hasPrefix("GET") }
            #expect(writes == ["POST /repos/acme/hooks/issues/7/comments", "PATCH /repos/acme/hooks/issues/comments/\(created.id)"])
        }
    }

    @Test func aRefusedTokenFailsWithTheAPIAnswer() async throws {
        let github = try await FakeGitHubComments.start(token: "right-token", seededComments: 0)
        defer { Task { await github.shutdown() } }
        let markdown = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-plan-\(UUID().uuidString).md")
        try Data("No changes.\n".utf8).write(to: markdown)
        defer { try? FileManager.default.removeItem(at: markdown) }
        let result = try await RepositoryScript.run(
            ["python3", "scripts/ci/post-plan-comment", "--pr", "3", markdown.path],
            environment: ["GITHUB_API_URL": github.rootURL, "GITHUB_TOKEN": "wrong-token", "GITHUB_REPOSITORY": "acme/hooks"])
        #expect(result.status == 1)
        #expect(result.output.contains("HTTP 401"), "\(result.output)")
        #expect(await github.comments(pullRequest: 3).isEmpty)
    }
}

/// The part of GitHub's REST API the script uses: list (paged), create and update issue
/// comments, behind a bearer token.
final class FakeGitHubComments: Sendable {
    struct Comment: Sendable, Codable {
        var id: Int
        var body: String
    }

    /// What a create or an update sends.
    private struct Body: Decodable {
        var body: String
    }

    private actor State {
        var comments: [Int: [Comment]] = [:]
        var nextID = 1000
        var requests: [String] = []

        func record(_ request: String) { requests.append(request) }

        func add(_ body: String, to pullRequest: Int) -> Comment {
            nextID += 1
            let comment = Comment(id: nextID, body: body)
            comments[pullRequest, default: []].append(comment)
            return comment
        }

        func update(_ id: Int, body: String) -> Comment? {
            for (pullRequest, list) in comments {
                if let index = list.firstIndex(where: { $0.id == id }) {
                    comments[pullRequest]?[index].body = body
                    return comments[pullRequest]?[index]
                }
            }
            return nil
        }
    }

    private let state: State
    private let port: Int
    private let server: Task<Void, any Error>

    private init(state: State, port: Int, server: Task<Void, any Error>) {
        self.state = state
        self.port = port
        self.server = server
    }

    var rootURL: String { "http://127.0.0.1:\(port)" }
    var requests: [String] { get async { await state.requests } }

    func comments(pullRequest: Int) async -> [Comment] { await state.comments[pullRequest] ?? [] }

    func shutdown() async {
        server.cancel()
        _ = await server.result
    }

    /// A server accepting only `token`, whose pull request 7 already has `seededComments` comments.
    static func start(token: String, seededComments: Int) async throws -> FakeGitHubComments {
        let state = State()
        for index in 0..<seededComments { _ = await state.add("seeded comment \(index)", to: 7) }
        let router = Router()
        router.add(middleware: BearerCheck(token: token))
        router.get("/repos/:owner/:repo/issues/:number/comments") { request, context -> Response in
            await state.record("GET \(request.uri.path)")
            let number = try context.parameters.require("number", as: Int.self)
            let perPage = request.uri.queryParameters.get("per_page", as: Int.self) ?? 30
            let page = request.uri.queryParameters.get("page", as: Int.self) ?? 1
            let all = await state.comments[number] ?? []
            let start = min(all.count, (page - 1) * perPage)
            return try json(Array(all[start..<min(all.count, start + perPage)]), status: .ok)
        }
        router.post("/repos/:owner/:repo/issues/:number/comments") { request, context -> Response in
            await state.record("POST \(request.uri.path)")
            let number = try context.parameters.require("number", as: Int.self)
            let body = try await request.decode(as: Body.self, context: context).body
            return try json(await state.add(body, to: number), status: .created)
        }
        router.patch("/repos/:owner/:repo/issues/comments/:id") { request, context -> Response in
            await state.record("PATCH \(request.uri.path)")
            let id = try context.parameters.require("id", as: Int.self)
            let body = try await request.decode(as: Body.self, context: context).body
            guard let updated = await state.update(id, body: body) else { throw HTTPError(.notFound) }
            return try json(updated, status: .ok)
        }
        let (port, server) = try await LoopbackServer.start(router, label: "github")
        return FakeGitHubComments(state: state, port: port, server: server)
    }

    private static func json(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value))))
    }

    /// 401 for a request without `Authorization: Bearer <token>`.
    private struct BearerCheck: RouterMiddleware {
        typealias Context = BasicRequestContext
        let token: String

        func handle(_ request: Request, context: Context,
                    next: (Request, Context) async throws -> Response) async throws -> Response {
            guard request.headers[.authorization] == "Bearer \(token)" else {
                return Response(status: .unauthorized, headers: [.contentType: "application/json"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"message":"Bad credentials"}"#)))
            }
            return try await next(request, context)
        }
    }
}
